import { assign, emit, setup } from 'xstate';
import { initialBreakerContext } from './breaker/restore.js';
import { isTripped, successesCount } from './breaker/tripRule.js';
import type { BreakerContext, BreakerEmitted, BreakerEvent, BreakerInput, BreakerIsolation } from './breaker/types.js';
import { createWindow, recordCall, windowTotals } from './breaker/window.js';
import type { CallFailure } from './types.js';

function listOf<T>(item: T | null): T[] {
  return item === null ? [] : [item];
}

/** The break doubles after each failed half-open probe, up to `maxBreakDurationMs`. */
const BREAK_GROWTH_FACTOR = 2;

/** The `at` of an event, or the breaker's latest known time for events that carry none (timers). */
function timeOf(context: BreakerContext, event: BreakerEvent | { type: string }): number {
  return 'at' in event && typeof event.at === 'number' ? Math.max(event.at, context.lastEventAt) : context.lastEventAt;
}

/** The isolation an `ISOLATE` event asks for, or null for any other event. */
function isolationOf(context: BreakerContext, event: BreakerEvent): BreakerIsolation | null {
  return event.type === 'ISOLATE' ? { id: event.id, reason: event.reason, at: timeOf(context, event) } : null;
}

function isHeld(context: BreakerContext, id: string): boolean {
  return context.isolations.some((isolation) => isolation.id === id);
}

function failureOf(event: BreakerEvent): CallFailure | null {
  return event.type === 'CALL.FAILED' ? event.failure : null;
}

function isBreakOverAt(context: BreakerContext, at: number): boolean {
  return (context.openedAt ?? 0) + context.breakMs <= at;
}

/** A 429 or 503 whose Retry-After may hold the circuit open that long (capped). */
function heldBreakMs(context: BreakerContext, failure: CallFailure | null): number {
  const holds = failure?.retryAfterMs !== undefined && (failure.status === 429 || failure.status === 503);
  if (!holds) return 0;
  return Math.min(failure.retryAfterMs ?? 0, context.settings.retryAfterCapMs, context.settings.maxBreakDurationMs);
}

/**
 * Circuit breaker: closed / open / halfOpen / isolated, over a time-bucketed window of call outcomes.
 *
 * - closed: counts calls; transient failures (network, timeout, 408, 429, 5xx) count as failures, other failures
 *   as calls only, aborted calls not at all. Successes are counted only where they can matter (`successesCount`:
 *   a failure ratio, or a minimum throughput above the threshold); otherwise `CALL.SUCCEEDED` changes nothing and
 *   `isSuccessIgnored` lets a client skip sending it. Opens when the trip rule holds (see `isTripped`); never when
 *   `enabled` is false.
 * - open: `checkPermit` rejects with what is left of the break. After `remainingBreak` (from `openedAt`) it goes
 *   half-open; a `PROBE.ACQUIRE` after the break is over does so at once. A 429/503 Retry-After holds it longer.
 * - halfOpen: `halfOpenProbes` calls pass; a success (or any answer that is not a transient failure) closes, a
 *   transient failure reopens with the break doubled (capped), an aborted probe frees its slot.
 * - isolated: opened by hand. Each `ISOLATE { id, reason }` adds an isolation, each `RELEASE { id }` ends one; the
 *   breaker stays isolated while any is held (cockatiel's isolate handles) and closes, forgetting the window as
 *   `RESET` does, when the last one ends: the counts from before the isolation say nothing about the server now.
 *   `RESET` while isolated forgets the counts and the grown break but stays isolated, so one caller's reset never
 *   ends another's isolation. A repeated `ISOLATE` id and an unknown `RELEASE` id are ignored (dispose twice).
 *
 * Resuming after a restart: `input.restored` (state, `openedAt`, grown break, window buckets: state only) is
 * applied to the input's current settings by `initialBreakerContext`; the machine starts in closed and, when the
 * saved state was not closed, moves at once (eventless, no event emitted) to isolated, open (its timer armed for what is left of the break, from the wall-clock `openedAt`), half-open (a
 * saved open whose break is over, or a saved half-open; no probe in flight) or closed. A fresh breaker passes
 * straight through to closed.
 *
 * Restoring an XState persisted snapshot instead: it keeps no timers (XState 5 re-arms none, and runs no entry actions on restore).
 * After `createActor(circuitBreakerMachine, { snapshot })`, send `RESTORED { at }`: in `open` it re-enters with
 * the remaining break (or goes half-open if the break is over). `checkPermit` is right even before that.
 */
export const circuitBreakerMachine = setup({
  types: {
    input: {} as BreakerInput,
    context: {} as BreakerContext,
    events: {} as BreakerEvent,
    emitted: {} as BreakerEmitted,
  },
  guards: {
    /** Would this failure, once counted, trip the breaker? */
    isThresholdReached: ({ context, event }) => {
      const failure = failureOf(event);
      if (failure === null || !failure.transient) return false;
      const at = timeOf(context, event);
      return isTripped(windowTotals(recordCall(context.window, at, true), at), context.settings);
    },
    isTransient: ({ event }) => failureOf(event)?.transient === true,
    isAborted: ({ event }) => failureOf(event)?.kind === 'aborted',
    isBreakOver: ({ context, event }) => isBreakOverAt(context, timeOf(context, event)),
    canProbe: ({ context }) => context.probesInFlight < context.settings.halfOpenProbes,
    wasSavedIsolated: ({ context }) => context.resumeTo === 'isolated',
    wasSavedOpenWithBreakLeft: ({ context }) => context.resumeTo === 'open' && !isBreakOverAt(context, context.lastEventAt),
    wasSavedBroken: ({ context }) => context.resumeTo === 'open' || context.resumeTo === 'halfOpen',
    isNewIsolation: ({ context, event }) => event.type === 'ISOLATE' && !isHeld(context, event.id),
    isHeldIsolation: ({ context, event }) => event.type === 'RELEASE' && isHeld(context, event.id),
    isLastIsolation: ({ context, event }) =>
      event.type === 'RELEASE' && context.isolations.length === 1 && context.isolations[0]?.id === event.id,
  },
  delays: {
    remainingBreak: ({ context }) => Math.max(0, (context.openedAt ?? context.lastEventAt) + context.breakMs - context.lastEventAt),
  },
  actions: {
    finishResume: assign({ resumeTo: null }),
    noteTime: assign({ lastEventAt: ({ context, event }) => timeOf(context, event) }),
    recordSuccess: assign(({ context, event }) => {
      // Where a success cannot change the trip rule (the defaults) it is not even noted: the snapshot stays as it
      // was, which is what lets a client skip sending it (`isSuccessIgnored`).
      if (!successesCount(context.settings)) return {};
      const at = timeOf(context, event);
      return { window: recordCall(context.window, at, false), lastEventAt: at };
    }),
    recordFailure: assign(({ context, event }) => {
      const at = timeOf(context, event);
      const failure = failureOf(event);
      if (failure === null || failure.kind === 'aborted') return { lastEventAt: at };
      return { window: recordCall(context.window, at, failure.transient), lastEventAt: at };
    }),
    openCircuit: assign(({ context, event }) => {
      const at = timeOf(context, event);
      const failure = failureOf(event);
      const breakMs = Math.max(context.settings.breakDurationMs, heldBreakMs(context, failure));
      return { openedAt: at, lastEventAt: at, breakMs, probesInFlight: 0, lastFailure: failure };
    }),
    reopenCircuit: assign(({ context, event }) => {
      const at = timeOf(context, event);
      const failure = failureOf(event);
      const grown = Math.min(context.breakMs * BREAK_GROWTH_FACTOR, context.settings.maxBreakDurationMs);
      return { openedAt: at, lastEventAt: at, breakMs: Math.max(grown, heldBreakMs(context, failure)), probesInFlight: 0, lastFailure: failure };
    }),
    enterHalfOpen: assign(({ context, event }) => ({
      lastEventAt: Math.max(timeOf(context, event), (context.openedAt ?? 0) + context.breakMs),
      probesInFlight: 0,
    })),
    claimProbe: assign({ probesInFlight: ({ context }) => context.probesInFlight + 1 }),
    releaseProbe: assign({ probesInFlight: ({ context }) => Math.max(0, context.probesInFlight - 1) }),
    closeCircuit: assign(({ context, event }) => ({
      lastEventAt: timeOf(context, event),
      window: createWindow(context.settings.samplingDurationMs, context.settings.bucketCount),
      openedAt: null,
      breakMs: context.settings.breakDurationMs,
      probesInFlight: 0,
      isolations: [],
    })),
    isolateCircuit: assign(({ context, event }) => ({
      openedAt: timeOf(context, event), lastEventAt: timeOf(context, event), probesInFlight: 0, isolations: [...context.isolations, ...listOf(isolationOf(context, event))],
    })),
    addIsolation: assign(({ context, event }) => ({
      lastEventAt: timeOf(context, event), isolations: [...context.isolations, ...listOf(isolationOf(context, event))],
    })),
    removeIsolation: assign(({ context, event }) => ({
      lastEventAt: timeOf(context, event),
      isolations: event.type === 'RELEASE' ? context.isolations.filter((isolation) => isolation.id !== event.id) : context.isolations,
    })),
    forgetCounts: assign(({ context, event }) => ({
      lastEventAt: timeOf(context, event),
      window: createWindow(context.settings.samplingDurationMs, context.settings.bucketCount),
      breakMs: context.settings.breakDurationMs,
      lastFailure: null,
    })),
    notifyOpened: emit(({ context }) => ({ type: 'breaker.opened' as const, at: context.lastEventAt, breakMs: context.breakMs, failure: context.lastFailure })),
    notifyHalfOpen: emit(({ context }) => ({ type: 'breaker.halfOpen' as const, at: context.lastEventAt })),
    notifyClosed: emit(({ context }) => ({ type: 'breaker.closed' as const, at: context.lastEventAt })),
    notifyIsolated: emit(({ context }) => ({ type: 'breaker.isolated' as const, at: context.lastEventAt, reason: context.isolations[0]?.reason ?? '' })),
  },
}).createMachine({
  id: 'circuitBreaker',
  initial: 'closed',
  context: ({ input }) => initialBreakerContext(input),
  states: {
    closed: {
      // Taken at most once, at start, when resuming a saved state that is not closed (`resumeTo` is then cleared).
      always: [
        { guard: 'wasSavedIsolated', target: 'isolated', actions: 'finishResume' },
        { guard: 'wasSavedOpenWithBreakLeft', target: 'open', actions: 'finishResume' },
        { guard: 'wasSavedBroken', target: 'halfOpen', actions: 'finishResume' },
      ],
      on: {
        'CALL.SUCCEEDED': { actions: 'recordSuccess' },
        'CALL.FAILED': [
          { guard: 'isThresholdReached', target: 'open', actions: ['recordFailure', 'openCircuit', 'notifyOpened'] },
          { actions: 'recordFailure' },
        ],
        ISOLATE: { target: 'isolated', actions: ['isolateCircuit', 'notifyIsolated'] },
        RESET: { actions: 'closeCircuit' },
      },
    },
    open: {
      after: { remainingBreak: { target: 'halfOpen', actions: ['enterHalfOpen', 'notifyHalfOpen'] } },
      on: {
        'PROBE.ACQUIRE': { guard: 'isBreakOver', target: 'halfOpen', actions: ['enterHalfOpen', 'claimProbe', 'notifyHalfOpen'] },
        RESTORED: [
          { guard: 'isBreakOver', target: 'halfOpen', actions: ['enterHalfOpen', 'notifyHalfOpen'] },
          { target: 'open', reenter: true, actions: 'noteTime' },
        ],
        ISOLATE: { target: 'isolated', actions: ['isolateCircuit', 'notifyIsolated'] },
        RESET: { target: 'closed', actions: ['closeCircuit', 'notifyClosed'] },
      },
    },
    halfOpen: {
      on: {
        'PROBE.ACQUIRE': { guard: 'canProbe', actions: 'claimProbe' },
        'CALL.SUCCEEDED': { target: 'closed', actions: ['closeCircuit', 'notifyClosed'] },
        'CALL.FAILED': [
          { guard: 'isTransient', target: 'open', actions: ['reopenCircuit', 'notifyOpened'] },
          { guard: 'isAborted', actions: 'releaseProbe' },
          { target: 'closed', actions: ['closeCircuit', 'notifyClosed'] },
        ],
        ISOLATE: { target: 'isolated', actions: ['isolateCircuit', 'notifyIsolated'] },
        RESET: { target: 'closed', actions: ['closeCircuit', 'notifyClosed'] },
      },
    },
    isolated: {
      on: {
        ISOLATE: { guard: 'isNewIsolation', actions: 'addIsolation' },
        RELEASE: [
          { guard: 'isLastIsolation', target: 'closed', actions: ['closeCircuit', 'notifyClosed'] },
          { guard: 'isHeldIsolation', actions: 'removeIsolation' },
        ],
        RESET: { actions: 'forgetCounts' },
      },
    },
  },
});
