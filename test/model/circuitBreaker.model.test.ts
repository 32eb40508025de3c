import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { isTripped } from '../../machines/breaker/tripRule.js';
import { recordCall, windowTotals } from '../../machines/breaker/window.js';
import { circuitBreakerMachine } from '../../machines/circuitBreaker.machine.js';
import { Coverage } from './harness/coverage.js';
import { modelPaths } from './harness/model.js';
import type { SuiteResult } from './harness/replay.js';
import { runSuite } from './harness/replay.js';
import { circuitBreakerModel as model } from './models/circuitBreaker.model.js';

const mutants: Array<[string, AnyStateMachine]> = [
  [
    'the failure threshold off by one',
    circuitBreakerMachine.provide({
      guards: {
        isThresholdReached: ({ context, event }) => {
          if (event.type !== 'CALL.FAILED' || !event.failure.transient) return false;
          const at = Math.max(event.at, context.lastEventAt);
          const settings = { ...context.settings, failureThreshold: context.settings.failureThreshold + 1 };
          return isTripped(windowTotals(recordCall(context.window, at, true), at), settings);
        },
      },
    }),
  ],
  [
    'a half-open state that admits an extra probe',
    circuitBreakerMachine.provide({ guards: { canProbe: ({ context }) => context.probesInFlight <= context.settings.halfOpenProbes } }),
  ],
  [
    'a failed half-open probe that closes the circuit instead of reopening it',
    circuitBreakerMachine.provide({ guards: { isTransient: () => false } }),
  ],
];

describe('circuit breaker: model-based', () => {
  const coverage = new Coverage(model.name, model.machine);
  const paths = modelPaths(model);
  let result: SuiteResult;

  beforeAll(async () => {
    result = await runSuite(model, model.machine, paths, coverage);
  }, 120_000);

  it('replays every path of the graph on SimulatedClock with state, context and permits matching at each step', () => {
    expect(result.paths).toBeGreaterThan(100);
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
