import { assign } from 'xstate';
import { outboxMachine } from '../../machines/outbox.machine.js';
import type { Mutant } from './harness/describeModel.js';
import { describeModel } from './harness/describeModel.js';
import { outboxModel } from './models/outbox.model.js';

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
];

describeModel('outbox: model-based', outboxModel, mutants);
