import { assign } from 'xstate';
import { backoffFormula } from '../../machines/backoff/index.js';
import { retryMachine } from '../../machines/retry.machine.js';
import type { Mutant } from './harness/describeModel.js';
import { describeModel } from './harness/describeModel.js';
import { retryModel } from './models/retry.model.js';

const mutants: Mutant[] = [
  ['a 400 that gets retried', retryMachine.provide({ guards: { isTransient: ({ context }) => context.failure.transient || context.failure.status === 400 } })],
  ['a POST retried without an Idempotency-Key', retryMachine.provide({ guards: { isRetrySafe: () => true } })],
  ['a POST never retried after a failure that proves it was never sent', retryMachine.provide({ guards: { wasNeverSent: () => false } })],
  ['a POST retried after a lost answer as if it had never been sent', retryMachine.provide({ guards: { wasNeverSent: () => true } })],
  ['a key the server ignores trusted as if it deduped the repeat', retryMachine.provide({ guards: { hasHonouredKey: ({ context }) => context.hasIdempotencyKey } })],
  ['one retry too many', retryMachine.provide({ guards: { hasAttemptsLeft: ({ context }) => context.attempts - 1 <= context.policy.maxRetryAttempts } })],
  ['a retry budget that is never checked', retryMachine.provide({ guards: { hasRetryBudget: () => true } })],
  ['a retry started past the deadline', retryMachine.provide({ guards: { canRetryBeforeDeadline: () => true } })],
  [
    'a Retry-After ignored',
    retryMachine.provide({
      actions: {
        planDelay: assign(({ context }) => {
          const { policy } = context;
          const step = backoffFormula(policy.jitterMode)(context.backoff, { baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs, random: context.random });
          return { delayMs: Math.ceil(step.delayMs), plannedBackoff: step.next };
        }),
      },
    }),
  ],
  ['an attempt not bounded by the deadline', retryMachine.provide({ delays: { attemptTimeout: ({ context }) => context.policy.attemptTimeoutMs } })],
];

describeModel('retry loop: model-based', retryModel, mutants);
