import type { ApiClient } from '../api/ApiClient.js';

/** The breaker transitions the connection reacts to. */
export type BreakerChange = 'BREAKER.OPENED' | 'BREAKER.CLOSED';

/** The part of a client's circuit breaker actor read here (the EnhancedApiClient's `breaker`). */
interface BreakerEmitter {
  on(type: string, listener: (event: { type: string }) => void): { unsubscribe(): void };
}

const changeOf: Readonly<Record<string, BreakerChange>> = {
  'breaker.opened': 'BREAKER.OPENED',
  'breaker.isolated': 'BREAKER.OPENED',
  'breaker.closed': 'BREAKER.CLOSED',
};

function breakerOf(client: ApiClient): BreakerEmitter | undefined {
  const breaker: unknown = (client as { breaker?: unknown }).breaker;
  if (typeof breaker !== 'object' || breaker === null || !('on' in breaker) || typeof breaker.on !== 'function') return undefined;
  return breaker as BreakerEmitter;
}

/**
 * Reports a client's circuit breaker opening (or being isolated) and closing, when the client has one (the
 * Enhanced client's `breaker` actor); half-open changes nothing for the link. Returns the unsubscribe function
 * (a no-op for a client without a breaker, such as the Standard client).
 */
export function watchBreaker(client: ApiClient, report: (change: BreakerChange) => void): () => void {
  const breaker = breakerOf(client);
  if (breaker === undefined) return () => undefined;
  const subscriptions = Object.entries(changeOf).map(([type, change]) => breaker.on(type, () => report(change)));
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
  };
}
