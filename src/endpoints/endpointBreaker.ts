import { checkPermit } from '../../machines/breaker/permit.js';
import type { BreakerSnapshotLike } from '../../machines/breaker/permit.js';

/** The part of a client's breaker actor read here (the EnhancedApiClient's `breaker`); a client without one has none. */
interface BreakerLike {
  on(type: string, listener: () => void): { unsubscribe(): void };
  getSnapshot?(): BreakerSnapshotLike;
}

/** Whether each breaker event leaves the endpoint refusing calls: half-open admits probes, which must reach it. */
const OPEN_AFTER: Readonly<Record<string, boolean>> = {
  'breaker.opened': true,
  'breaker.isolated': true,
  'breaker.halfOpen': false,
  'breaker.closed': false,
};

function breakerOf(client: object): BreakerLike | undefined {
  const breaker: unknown = (client as { breaker?: unknown }).breaker;
  if (typeof breaker !== 'object' || breaker === null || !('on' in breaker) || typeof breaker.on !== 'function') return undefined;
  return breaker as BreakerLike;
}

/**
 * Reports each change of a client's breaker as "refuses calls now" (opened, isolated) or "admits them" (half-open,
 * closed). Returns the unsubscribe function; a no-op for a client without a breaker.
 */
export function watchEndpointBreaker(client: object, report: (open: boolean) => void): () => void {
  const breaker = breakerOf(client);
  if (breaker === undefined) return () => undefined;
  const subscriptions = Object.entries(OPEN_AFTER).map(([type, open]) => breaker.on(type, () => report(open)));
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
  };
}

/** True when the client's breaker refuses calls now (open or isolated), e.g. one restored open. */
export function breakerRefusesNow(client: object): boolean {
  const state = breakerOf(client)?.getSnapshot?.().value;
  return state === 'open' || state === 'isolated';
}

/** How long until the client's breaker lets a probe through, ms; 0 when unknown, isolated or admitting now. */
export function breakerRetryAfterMs(client: object, now: number): number {
  const snapshot = breakerOf(client)?.getSnapshot?.();
  if (snapshot === undefined) return 0;
  const permit = checkPermit(snapshot, now);
  return permit.allowed || !Number.isFinite(permit.retryAfterMs) ? 0 : permit.retryAfterMs;
}
