import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { retryMachine } from '../../machines/retry.machine.js';
import { Coverage } from './harness/coverage.js';
import { modelPaths } from './harness/model.js';
import type { SuiteResult } from './harness/replay.js';
import { runSuite } from './harness/replay.js';
import { retryModel as model } from './models/retry.model.js';

const mutants: Array<[string, AnyStateMachine]> = [
  ['a 400 that gets retried', retryMachine.provide({ guards: { isTransient: ({ context }) => context.failure.transient || context.failure.status === 400 } })],
  ['a POST retried without an Idempotency-Key', retryMachine.provide({ guards: { isRetrySafe: () => true } })],
  ['one retry too many', retryMachine.provide({ guards: { hasAttemptsLeft: ({ context }) => context.attempts - 1 <= context.policy.maxRetryAttempts } })],
  ['a retry started past the deadline', retryMachine.provide({ guards: { fitsDeadline: () => true } })],
  ['a Retry-After ignored', retryMachine.provide({ delays: { backoffDelay: ({ context }) => Math.min(context.delayMs, 100) } })],
];

describe('retry loop: model-based', () => {
  const coverage = new Coverage(model.name, model.machine);
  const paths = modelPaths(model);
  let result: SuiteResult;

  beforeAll(async () => {
    result = await runSuite(model, model.machine, paths, coverage);
  }, 120_000);

  it('replays every path of the graph on SimulatedClock with state, context and output matching at each step', () => {
    expect(result.paths).toBeGreaterThan(20);
    expect(result.failures).toEqual([]);
  });

  it('covers every state and every transition branch (100%)', () => {
    console.log(`${model.name}: replayed ${result.paths} paths, ${result.steps} steps`);
    console.log(coverage.line());
    expect(coverage.missing()).toEqual([]);
  });

  it.each(mutants)('fails against a planted mutant: %s', async (_name, mutant) => {
    const mutantResult = await runSuite(model, mutant, paths);
    expect(mutantResult.failures.length).toBeGreaterThan(0);
  }, 120_000);
});
