import { assign, createMachine } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { outboxMachine } from '../../machines/outbox.machine.js';
import type { DrainResult, OutboxMachineContext } from '../../machines/outbox/types.js';
import type { Mutant } from './harness/describeModel.js';
import { describeModel } from './harness/describeModel.js';
import { outboxModel } from './models/outbox.model.js';

/** The machine before the fix: a paused outbox whose link comes back behind an open breaker waits for it to close. */
function linkUpWaitsForTheBreaker(): AnyStateMachine {
  const config = outboxMachine.config;
  const states = config.states ?? {};
  const paused = states.paused ?? {};
  return createMachine({
    ...config,
    states: {
      ...states,
      paused: {
        ...paused,
        on: {
          ...paused.on,
          'LINK.UP': [
            { guard: ({ context }: { context: OutboxMachineContext }) => !context.breakerOpen, target: 'draining', actions: 'markLinkUp' },
            { actions: 'markLinkUp' },
          ],
        },
      },
    },
  } as typeof config, outboxMachine.implementations) as AnyStateMachine;
}

const mutants: Mutant[] = [
  ['a wait that never grows after failures in a row', outboxMachine.provide({ delays: { retryDelay: ({ context }) => context.retryDelayMs } })],
  ['a server\'s Retry-After ignored', outboxMachine.provide({
    actions: {
      recordInterrupted: assign(({ context }) => ({ failures: context.failures + 1, delayMs: Math.min(context.retryDelayMs * 2 ** context.failures, context.maxRetryDelayMs) })),
    },
  })],
  ['an entry queued during a drain left until the next one', outboxMachine.provide({ guards: { drainedWithMoreQueued: () => false } })],
  ['a drain started while the breaker is open', outboxMachine.provide({ guards: { canDeliver: ({ context }) => context.linkUp } })],
  ['a paused outbox that retries with the link down', outboxMachine.provide({ guards: { isLinkUp: () => true } })],
  ['a breaker\'s refusal waits the grown backoff, past the break (nothing else probes the breaker)', outboxMachine.provide({
    actions: {
      recordInterrupted: assign(({ context }, result: DrainResult) => {
        if (result.outcome !== 'interrupted') return {};
        const failures = context.failures + 1;
        const grown = Math.min(context.retryDelayMs * 2 ** (failures - 1), context.maxRetryDelayMs);
        return { failures, delayMs: Math.max(grown, result.retryAfterMs), lastError: result.error };
      }),
    },
  })],
  ['an isolated breaker\'s Infinity taken as the wait', outboxMachine.provide({
    actions: {
      recordInterrupted: assign(({ context }, result: DrainResult) => {
        if (result.outcome !== 'interrupted') return {};
        if (result.refusedByBreaker === true) return { delayMs: result.retryAfterMs > 0 ? result.retryAfterMs : context.retryDelayMs, lastError: result.error };
        const failures = context.failures + 1;
        return { failures, delayMs: Math.max(Math.min(context.retryDelayMs * 2 ** (failures - 1), context.maxRetryDelayMs), result.retryAfterMs), lastError: result.error };
      }),
    },
  })],
  ['a paused outbox whose link comes back behind an open breaker waits for a close that never comes', linkUpWaitsForTheBreaker()],
];

describeModel('outbox: model-based', outboxModel, mutants);
