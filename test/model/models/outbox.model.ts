import type { AnyEventObject, AnyMachineSnapshot } from 'xstate';
import { outboxMachine } from '../../../machines/outbox.machine.js';
import type { OutboxMachineContext, OutboxMachineInput } from '../../../machines/outbox/types.js';
import type { MachineModel } from '../harness/model.js';

const settings: OutboxMachineInput = { retryDelayMs: 1_000, maxRetryDelayMs: 4_000, storageRetryDelayMs: 10_000, linkUp: true, breakerOpen: false };
const outbox = (snapshot: AnyMachineSnapshot) => snapshot.context as OutboxMachineContext;

/**
 * The outbox machine's model: entries queued in every state, link and breaker going both ways, drains that empty
 * the outbox, stop on a transient failure (with and without a server's Retry-After), on a breaker's refusal (its
 * remaining break, an isolation's Infinity, nothing told) or on a storage failure,
 * RETRY and CLOSE; from a start with the link up and with it down behind an open breaker.
 */
export const outboxModel: MachineModel = {
  name: 'outbox',
  machine: outboxMachine,
  variants: [
    { name: 'starts online', input: () => settings },
    { name: 'starts offline, breaker open', input: () => ({ ...settings, linkUp: false, breakerOpen: true }) },
  ],
  events: () => {
    const events: AnyEventObject[] = [
      { type: 'ENQUEUED' },
      { type: 'LINK.UP' },
      { type: 'LINK.DOWN' },
      { type: 'BREAKER.OPEN' },
      { type: 'BREAKER.CLOSED' },
      { type: 'STORAGE.FAILED', error: 'outbox /tmp/o.db: enqueue failed: the disk is full' },
      { type: 'RETRY' },
      { type: 'CLOSE' },
      { type: 'xstate.done.actor.drain', output: { outcome: 'drained' } },
      { type: 'xstate.done.actor.drain', output: { outcome: 'interrupted', retryAfterMs: 0, error: 'HTTP 503' } },
      { type: 'xstate.done.actor.drain', output: { outcome: 'interrupted', retryAfterMs: 30_000, error: 'HTTP 503 Retry-After' } },
      // Refused by the breaker: what is left of its break (capped), Infinity while isolated, 0 when it told nothing.
      { type: 'xstate.done.actor.drain', output: { outcome: 'interrupted', retryAfterMs: 2_500, error: 'circuit open', refusedByBreaker: true } },
      { type: 'xstate.done.actor.drain', output: { outcome: 'interrupted', retryAfterMs: Number.POSITIVE_INFINITY, error: 'circuit isolated', refusedByBreaker: true } },
      { type: 'xstate.done.actor.drain', output: { outcome: 'interrupted', retryAfterMs: 0, error: 'circuit half-open', refusedByBreaker: true } },
      { type: 'xstate.error.actor.drain', error: new Error('outbox /tmp/o.db: complete failed: SQLITE_IOERR') },
    ];
    return events;
  },
  serialize: (snapshot) => {
    const context = outbox(snapshot);
    return JSON.stringify([
      snapshot.value, context.linkUp, context.breakerOpen, context.enqueuedWhileDraining, Math.min(context.failures, 3), context.delayMs,
    ]);
  },
  project: (snapshot) => snapshot.context as unknown,
  promiseActors: ['drain'],
};
