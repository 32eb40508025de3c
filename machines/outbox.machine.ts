import { assign, emit, fromPromise, setup } from 'xstate';
import type {
  DrainInput, DrainResult, OutboxMachineContext, OutboxMachineEmitted, OutboxMachineEvent, OutboxMachineInput,
} from './outbox/types.js';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The wait after the `failures`-th interrupted drain in a row: doubling from the first, capped, never under the server's ask. */
function nextDelay(context: OutboxMachineContext, failures: number, retryAfterMs: number): number {
  const grown = context.retryDelayMs * 2 ** Math.min(failures - 1, 30);
  return Math.max(Math.min(grown, context.maxRetryDelayMs), retryAfterMs);
}

/**
 * The wait after a drain the breaker refused: what is left of its break, so the next drain is its half-open probe
 * (not the grown wait of failures, which may run far past the break: nothing else may ever call and close it).
 * Capped (an isolated breaker says Infinity); the first wait when the breaker told nothing.
 */
function breakerDelay(context: OutboxMachineContext, retryAfterMs: number): number {
  return retryAfterMs > 0 ? Math.min(retryAfterMs, context.maxRetryDelayMs) : context.retryDelayMs;
}

/**
 * The offline outbox: when its entries are delivered.
 *
 * - idle: nothing to deliver. `ENQUEUED` drains at once when the link is up and the breaker closed, else pauses.
 * - draining: invokes `drain` (src/ delivers the entries, per entity in order); leaving the state aborts it.
 *   It ends `drained` (idle, or drains again when an entry came meanwhile) or `interrupted` by a transient
 *   failure (paused, with a growing wait). `LINK.DOWN` and `BREAKER.OPEN` pause at once.
 * - paused: link down, breaker open, or waiting after a failure. `retryDelay` later it drains if the link is up
 *   (an open breaker is tried: its half-open probe needs a call, and with no other caller the outbox's next entry
 *   is that call); after a drain the breaker refused, `retryDelay` is what is left of its break, not the grown
 *   wait. `LINK.UP` drains at once (behind an open breaker too: a refusal sends nothing and tells the break);
 *   `BREAKER.CLOSED` drains at once when the link is up; `RETRY` drains now.
 * - blocked: the outbox file failed (a full disk, an I/O error). After `storageRetryDelay`, on `RETRY` or when an
 *   entry could be queued again, it drains (or pauses when the link is down).
 * - closed: final.
 *
 * Provide `drain`: `fromPromise<DrainResult, DrainInput>`, e.g. `outboxMachine.provide({ actors: { drain: ... } })`.
 */
export const outboxMachine = setup({
  types: {
    input: {} as OutboxMachineInput,
    context: {} as OutboxMachineContext,
    events: {} as OutboxMachineEvent,
    emitted: {} as OutboxMachineEmitted,
  },
  actors: {
    drain: fromPromise<DrainResult, DrainInput>(() => Promise.reject(new Error('outboxMachine: provide the "drain" actor'))),
  },
  guards: {
    isLinkUp: ({ context }) => context.linkUp,
    canDeliver: ({ context }) => context.linkUp && !context.breakerOpen,
    wasDrained: (_, result: DrainResult) => result.outcome === 'drained',
    drainedWithMoreQueued: ({ context }, result: DrainResult) => result.outcome === 'drained' && context.enqueuedWhileDraining,
  },
  delays: {
    retryDelay: ({ context }) => context.delayMs,
    storageRetryDelay: ({ context }) => context.storageRetryDelayMs,
  },
  actions: {
    markLinkUp: assign({ linkUp: true }),
    markLinkDown: assign({ linkUp: false }),
    markBreakerOpen: assign({ breakerOpen: true }),
    markBreakerClosed: assign({ breakerOpen: false }),
    noteEnqueued: assign({ enqueuedWhileDraining: true }),
    beginDrain: assign({ enqueuedWhileDraining: false }),
    recordDrained: assign({ failures: 0, delayMs: ({ context }) => context.retryDelayMs, lastError: null }),
    recordInterrupted: assign(({ context }, result: DrainResult) => {
      if (result.outcome !== 'interrupted') return {};
      // A refusal is no new failure of the link: the breaker's own break (doubled per failed probe) is the backoff.
      if (result.refusedByBreaker === true) return { delayMs: breakerDelay(context, result.retryAfterMs), lastError: result.error };
      const failures = context.failures + 1;
      return { failures, delayMs: nextDelay(context, failures, result.retryAfterMs), lastError: result.error };
    }),
    recordStorageFailure: assign({ lastError: (_, params: { error: string }) => params.error }),
    notifyDrained: emit({ type: 'outbox.drained' }),
    notifyBlocked: emit(({ context }) => ({ type: 'outbox.blocked', error: context.lastError ?? '' }) as const),
  },
}).createMachine({
  id: 'outbox',
  initial: 'idle',
  context: ({ input }) => ({
    retryDelayMs: input.retryDelayMs,
    maxRetryDelayMs: input.maxRetryDelayMs,
    storageRetryDelayMs: input.storageRetryDelayMs,
    linkUp: input.linkUp,
    breakerOpen: input.breakerOpen,
    enqueuedWhileDraining: false,
    failures: 0,
    delayMs: input.retryDelayMs,
    lastError: null,
    host: input.host,
  }),
  // Every state but `closed` closes on CLOSE and blocks on a storage failure (`blocked` keeps its own timer).
  on: {
    'STORAGE.FAILED': {
      target: '.blocked',
      actions: [{ type: 'recordStorageFailure', params: ({ event }) => ({ error: event.error }) }, 'notifyBlocked'],
    },
    CLOSE: { target: '.closed' },
  },
  states: {
    idle: {
      on: {
        ENQUEUED: [{ guard: 'canDeliver', target: 'draining' }, { target: 'paused' }],
        'LINK.UP': { actions: 'markLinkUp' },
        'LINK.DOWN': { actions: 'markLinkDown' },
        'BREAKER.OPEN': { actions: 'markBreakerOpen' },
        'BREAKER.CLOSED': { actions: 'markBreakerClosed' },
        RETRY: { target: 'draining' },
      },
    },
    draining: {
      entry: 'beginDrain',
      invoke: {
        id: 'drain',
        src: 'drain',
        input: ({ context }): DrainInput => ({ host: context.host }),
        onDone: [
          {
            guard: { type: 'drainedWithMoreQueued', params: ({ event }) => event.output },
            target: 'draining',
            reenter: true,
            actions: 'recordDrained',
          },
          {
            guard: { type: 'wasDrained', params: ({ event }) => event.output },
            target: 'idle',
            actions: ['recordDrained', 'notifyDrained'],
          },
          { target: 'paused', actions: { type: 'recordInterrupted', params: ({ event }) => event.output } },
        ],
        onError: {
          target: 'blocked',
          actions: [{ type: 'recordStorageFailure', params: ({ event }) => ({ error: errorText(event.error) }) }, 'notifyBlocked'],
        },
      },
      on: {
        ENQUEUED: { actions: 'noteEnqueued' },
        'LINK.UP': { actions: 'markLinkUp' },
        'LINK.DOWN': { target: 'paused', actions: 'markLinkDown' },
        'BREAKER.OPEN': { target: 'paused', actions: 'markBreakerOpen' },
        'BREAKER.CLOSED': { actions: 'markBreakerClosed' },
      },
    },
    paused: {
      after: { retryDelay: { guard: 'isLinkUp', target: 'draining' } },
      on: {
        // Drains even behind an open breaker: its wait may have passed while the link was down, and nothing else
        // may call to close the breaker. A refusal costs no request and tells what is left of the break.
        'LINK.UP': { target: 'draining', actions: 'markLinkUp' },
        'LINK.DOWN': { actions: 'markLinkDown' },
        'BREAKER.OPEN': { actions: 'markBreakerOpen' },
        'BREAKER.CLOSED': [
          { guard: 'isLinkUp', target: 'draining', actions: 'markBreakerClosed' },
          { actions: 'markBreakerClosed' },
        ],
        RETRY: { target: 'draining' },
      },
    },
    blocked: {
      after: { storageRetryDelay: [{ guard: 'isLinkUp', target: 'draining' }, { target: 'paused' }] },
      on: {
        ENQUEUED: [{ guard: 'canDeliver', target: 'draining' }, { target: 'paused' }],
        'LINK.UP': { actions: 'markLinkUp' },
        'LINK.DOWN': { actions: 'markLinkDown' },
        'BREAKER.OPEN': { actions: 'markBreakerOpen' },
        'BREAKER.CLOSED': { actions: 'markBreakerClosed' },
        RETRY: [{ guard: 'isLinkUp', target: 'draining' }, { target: 'paused' }],
        // Already blocked: the new failure is the one to show, the storage retry timer runs on.
        'STORAGE.FAILED': { actions: { type: 'recordStorageFailure', params: ({ event }) => ({ error: event.error }) } },
      },
    },
    closed: { type: 'final' },
  },
});
