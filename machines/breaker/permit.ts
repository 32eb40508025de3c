import { successesCount } from './tripRule.js';
import type { BreakerContext, BreakerEvent, BreakerStateName } from './types.js';

/**
 * The answer to "may this call go out now?".
 * - `{ allowed: true, probe: false }`: closed, go ahead.
 * - `{ allowed: true, probe: true }`: this call is a half-open probe; claim the slot (`acquirePermit` does).
 * - `{ allowed: false, retryAfterMs }`: fail at once with a `BrokenCircuitError` carrying `retryAfterMs`
 *   (what is left of the break; the break length while half-open slots are all taken; `Infinity` when isolated).
 */
export type Permit =
  | { readonly allowed: true; readonly probe: boolean }
  | { readonly allowed: false; readonly retryAfterMs: number; readonly state: Exclude<BreakerStateName, 'closed'> };

/** The part of a breaker snapshot the permit reads. */
export interface BreakerSnapshotLike {
  readonly value: BreakerStateName;
  readonly context: BreakerContext;
}

/** The part of a breaker actor `acquirePermit` uses. */
export interface BreakerActorLike {
  getSnapshot(): BreakerSnapshotLike;
  send(event: BreakerEvent): void;
}

/**
 * Synchronous permit check on the hot path: a read of the breaker's snapshot, no promise, no event.
 * Reads the break from `openedAt` and `now` rather than trusting a timer, so it is right even when the break
 * timer has not fired yet (or was lost with a persisted snapshot).
 * @param now epoch ms from the caller's clock.
 */
export function checkPermit(snapshot: BreakerSnapshotLike, now: number): Permit {
  const { context } = snapshot;
  switch (snapshot.value) {
    case 'closed':
      return { allowed: true, probe: false };
    case 'isolated':
      return { allowed: false, retryAfterMs: Number.POSITIVE_INFINITY, state: 'isolated' };
    case 'halfOpen':
      return context.probesInFlight < context.settings.halfOpenProbes
        ? { allowed: true, probe: true }
        : { allowed: false, retryAfterMs: context.breakMs, state: 'halfOpen' };
    case 'open': {
      const remaining = (context.openedAt ?? now) + context.breakMs - now;
      return remaining <= 0 ? { allowed: true, probe: true } : { allowed: false, retryAfterMs: remaining, state: 'open' };
    }
  }
}

/**
 * `checkPermit`, and when the answer is a probe, claims the half-open slot with `PROBE.ACQUIRE` in the same
 * synchronous turn, so two callers can never both take the last slot.
 */
export function acquirePermit(actor: BreakerActorLike, now: number): Permit {
  const permit = checkPermit(actor.getSnapshot(), now);
  if (permit.allowed && permit.probe) actor.send({ type: 'PROBE.ACQUIRE', at: now });
  return permit;
}

/**
 * True when the breaker would ignore a `CALL.SUCCEEDED` now: it is closed and its settings do not count successes
 * (`successesCount`), so the event would change neither its state nor its context. The hot path reads this
 * instead of sending an event per successful call; the machine's `recordSuccess` makes the same check if it is sent.
 */
export function isSuccessIgnored(snapshot: BreakerSnapshotLike): boolean {
  return snapshot.value === 'closed' && !successesCount(snapshot.context.settings);
}
