import { assign, fromPromise, not, or, setup } from 'xstate';
import { backoffFormula } from './backoff/index.js';
import { initialBackoffState } from './backoff/types.js';
import type { AttemptInput, AttemptOutcome, RetryContext, RetryFailureReason, RetryInput, RetryOutput } from './retry/types.js';

/** What is left of the deadline when an attempt starts bounds the attempt. */
function attemptTimeoutMs(context: RetryContext): number {
  return Math.max(0, Math.min(context.policy.attemptTimeoutMs, context.deadlineAt - context.now));
}

/** The capped Retry-After of a 429/503 (any failure carrying one), or 0. */
function retryAfterMs(context: RetryContext): number {
  const asked = context.failure.retryAfterMs;
  return asked === undefined ? 0 : Math.min(asked, context.policy.retryAfterCapMs);
}

/**
 * Retry loop of one call: deciding -> backingOff -> attempting -> ... -> succeeded | failed.
 *
 * Spawned only after the first attempt failed (the happy path spawns nothing), so it starts in `deciding` with
 * that failure. `deciding` plans the next delay, then gives up, in this order, when the failure is not
 * transient, the call is not safe to repeat (`outcomeUnknown`, see `isRetrySafe`), `maxRetryAttempts` retries
 * were made, the retry budget is below half, or the delay would reach the deadline. Otherwise it waits
 * `backoffDelay` (the jitter formula's delay, or a longer capped Retry-After) and invokes `attempt`, bounded by
 * `attemptTimeout` = min(attempt timeout, deadline - now): when that fires first the attempt counts as a
 * transient timeout and is aborted (leaving the state stops the promise actor, whose signal aborts).
 *
 * Provide `attempt` (src/pipeline): `fromPromise<AttemptOutcome, AttemptInput>` that sends `input.call` and
 * resolves with the outcome (`{ ok: false, failure, error }` for failures, never a throw) and passes its `signal`
 * to axios. The output carries the error of the failure it ends on, so the caller gets its typed error back
 * from the machine itself. The loop records each transient failure and each success in the shared retry budget.
 */
export const retryMachine = setup({
  types: {
    input: {} as RetryInput,
    context: {} as RetryContext,
    output: {} as RetryOutput,
  },
  actors: {
    attempt: fromPromise<AttemptOutcome, AttemptInput>(() => Promise.reject(new Error('retryMachine: provide the "attempt" actor'))),
  },
  guards: {
    isTransient: ({ context }) => context.failure.transient,
    isIdempotent: ({ context }) => context.idempotent,
    hasHonouredKey: ({ context }) => context.hasIdempotencyKey && context.keyHonoured,
    wasNeverSent: ({ context }) => context.failure.neverSent === true,
    // A repeat cannot act twice when the call is idempotent, when the server dedupes it by its key, or when the
    // latest failure proves that request never reached the server: a POST refused once (retried) and then left
    // unanswered is not repeated.
    isRetrySafe: or(['isIdempotent', 'hasHonouredKey', 'wasNeverSent']),
    hasAttemptsLeft: ({ context }) => context.attempts - 1 < context.policy.maxRetryAttempts,
    hasRetryBudget: ({ context }) => context.budget?.canRetry() ?? true,
    canRetryBeforeDeadline: ({ context }) => context.now + context.delayMs < context.deadlineAt,
    isSuccessfulAttempt: (_, outcome: AttemptOutcome) => outcome.ok,
  },
  delays: {
    backoffDelay: ({ context }) => context.delayMs,
    attemptTimeout: ({ context }) => attemptTimeoutMs(context),
  },
  actions: {
    planDelay: assign(({ context }) => {
      const { policy } = context;
      const step = backoffFormula(policy.jitterMode)(context.backoff, {
        baseDelayMs: policy.baseDelayMs,
        maxDelayMs: policy.maxDelayMs,
        random: context.random,
      });
      // Whole milliseconds, as timers have: keeps `now + delayMs` exact on every clock.
      return { delayMs: Math.ceil(Math.max(step.delayMs, retryAfterMs(context))), plannedBackoff: step.next };
    }),
    giveUp: assign((_, params: { reason: RetryFailureReason }) => ({ reason: params.reason })),
    startAttempt: assign(({ context }) => ({
      now: context.now + context.delayMs,
      attempts: context.attempts + 1,
      backoff: context.plannedBackoff,
    })),
    recordSuccess: assign((_, outcome: AttemptOutcome) => (outcome.ok ? { value: outcome.value, now: outcome.at } : {})),
    recordFailure: assign((_, outcome: AttemptOutcome) =>
      (outcome.ok ? {} : { failure: outcome.failure, error: outcome.error, now: outcome.at })),
    recordTimeout: assign(({ context }) => ({
      now: context.now + attemptTimeoutMs(context),
      error: undefined,
      failure: { kind: 'timeout' as const, transient: true, message: `attempt ${context.attempts} timed out after ${attemptTimeoutMs(context)} ms` },
    })),
    recordThrow: assign((_, params: { error: unknown }) => ({
      reason: 'attemptThrew' as const,
      error: params.error,
      failure: { kind: 'aborted' as const, transient: false, message: params.error instanceof Error ? params.error.message : String(params.error) },
    })),
    spendBudget: ({ context }) => {
      if (context.failure.transient) context.budget?.recordFailure();
    },
    refillBudget: ({ context }) => context.budget?.recordSuccess(),
  },
}).createMachine({
  id: 'retry',
  initial: 'deciding',
  context: ({ input }) => ({
    policy: input.policy,
    idempotent: input.idempotent,
    hasIdempotencyKey: input.hasIdempotencyKey,
    keyHonoured: input.keyHonoured,
    deadlineAt: input.deadlineAt,
    random: input.random ?? Math.random,
    budget: input.budget ?? null,
    attempts: 1,
    now: input.at,
    failure: input.firstFailure,
    error: input.firstError,
    call: input.call,
    backoff: initialBackoffState,
    delayMs: 0,
    plannedBackoff: initialBackoffState,
    value: undefined,
    reason: null,
  }),
  states: {
    deciding: {
      entry: 'planDelay',
      always: [
        { guard: not('isTransient'), target: 'failed', actions: { type: 'giveUp', params: { reason: 'nonTransient' } } },
        { guard: not('isRetrySafe'), target: 'failed', actions: { type: 'giveUp', params: { reason: 'outcomeUnknown' } } },
        { guard: not('hasAttemptsLeft'), target: 'failed', actions: { type: 'giveUp', params: { reason: 'attemptsExhausted' } } },
        { guard: not('hasRetryBudget'), target: 'failed', actions: { type: 'giveUp', params: { reason: 'budgetExhausted' } } },
        { guard: not('canRetryBeforeDeadline'), target: 'failed', actions: { type: 'giveUp', params: { reason: 'deadline' } } },
        { target: 'backingOff' },
      ],
    },
    backingOff: {
      after: { backoffDelay: { target: 'attempting', actions: 'startAttempt' } },
    },
    attempting: {
      invoke: {
        id: 'attempt',
        src: 'attempt',
        input: ({ context }): AttemptInput => ({
          attempt: context.attempts, timeoutMs: attemptTimeoutMs(context), delayMs: context.delayMs, call: context.call,
        }),
        onDone: [
          {
            guard: { type: 'isSuccessfulAttempt', params: ({ event }) => event.output },
            target: 'succeeded',
            actions: [{ type: 'recordSuccess', params: ({ event }) => event.output }, 'refillBudget'],
          },
          { target: 'deciding', actions: [{ type: 'recordFailure', params: ({ event }) => event.output }, 'spendBudget'] },
        ],
        onError: { target: 'failed', actions: { type: 'recordThrow', params: ({ event }) => ({ error: event.error }) } },
      },
      after: { attemptTimeout: { target: 'deciding', actions: ['recordTimeout', 'spendBudget'] } },
    },
    succeeded: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }): RetryOutput =>
    context.reason === null
      ? { ok: true, value: context.value, attempts: context.attempts }
      : { ok: false, failure: context.failure, error: context.error, attempts: context.attempts, reason: context.reason },
});
