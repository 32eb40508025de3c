import type { AnyEventObject, AnyMachineSnapshot } from 'xstate';
import type { RetryContext, RetryInput, RetryPolicy } from '../../../machines/retry/types.js';
import { retryMachine } from '../../../machines/retry.machine.js';
import { RetryBudget } from '../../../machines/retryBudget.js';
import type { CallFailure } from '../../../machines/types.js';
import type { MachineModel } from '../harness/model.js';

const policy: RetryPolicy = {
  maxRetryAttempts: 2,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  jitterMode: 'decorrelated',
  retryAfterCapMs: 500,
  attemptTimeoutMs: 1_000,
};

const unavailable: CallFailure = { kind: 'server', transient: true, status: 503, message: '503' };
const outcomes: Record<string, CallFailure> = {
  unavailable,
  badRequest: { kind: 'client', transient: false, status: 400, message: '400' },
  tooManyRequests: { kind: 'rateLimited', transient: true, status: 429, retryAfterMs: 800, message: '429' },
  refused: { kind: 'network', transient: true, neverSent: true, message: 'ECONNREFUSED' },
};

/** A budget far from its half mark, so replays that spend tokens take the same branches as the pure reference. */
const ampleBudget = () => new RetryBudget({ maxTokens: 100, tokenRatio: 0.1 });
/** A budget already at its half mark: no retry may start. */
function drainedBudget(): RetryBudget {
  const budget = new RetryBudget({ maxTokens: 2, tokenRatio: 0.1 });
  budget.recordFailure();
  return budget;
}

function input(overrides: Partial<RetryInput>): () => RetryInput {
  return () => ({
    policy,
    firstFailure: unavailable,
    at: 0,
    idempotent: true,
    hasIdempotencyKey: false,
    keyHonoured: false,
    deadlineAt: 100_000,
    random: () => 0.5,
    budget: ampleBudget(),
    ...overrides,
  });
}

const retry = (snapshot: AnyMachineSnapshot) => snapshot.context as RetryContext;

/**
 * The retry loop's model: each outcome class of an attempt (a failure that proves the request was never sent
 * among them), timeouts, throws, and one input per give-up rule and per way a POST may be safe to repeat.
 */
export const retryModel: MachineModel = {
  name: 'retry',
  machine: retryMachine,
  variants: [
    { name: 'idempotent GET', input: input({}) },
    { name: 'first failure a 400', input: input({ firstFailure: outcomes.badRequest }) },
    { name: 'POST without Idempotency-Key', input: input({ idempotent: false }) },
    { name: 'POST with an Idempotency-Key the server honours', input: input({ idempotent: false, hasIdempotencyKey: true, keyHonoured: true }) },
    { name: 'POST with an Idempotency-Key the server ignores', input: input({ idempotent: false, hasIdempotencyKey: true, keyHonoured: false }) },
    { name: 'POST refused before it was sent', input: input({ idempotent: false, hasIdempotencyKey: true, firstFailure: outcomes.refused }) },
    { name: 'retry budget drained', input: input({ budget: drainedBudget() }) },
    { name: 'deadline 150 ms away', input: input({ deadlineAt: 150 }) },
  ],
  events: (snapshot) => {
    const at = retry(snapshot).now + 10;
    const events: AnyEventObject[] = [
      { type: 'xstate.done.actor.attempt', output: { ok: true, value: 'answer', at } },
      ...Object.values(outcomes).map((failure) => ({ type: 'xstate.done.actor.attempt', output: { ok: false, failure, at } })),
      { type: 'xstate.error.actor.attempt', error: new Error('attempt threw') },
    ];
    return events;
  },
  serialize: (snapshot) => {
    const context = retry(snapshot);
    return JSON.stringify([snapshot.value, context.attempts, context.failure.kind, context.delayMs, context.reason]);
  },
  project: (snapshot) => {
    const { random: _random, budget: _budget, ...rest } = retry(snapshot);
    return rest;
  },
  promiseActors: ['attempt'],
};
