import type { BreakerState } from '../../machines/breaker/types.js';
import type { ApiClient } from '../api/ApiClient.js';

/** A client's breaker state to save (the Enhanced client's `breakerState()`), or null for a client without one. */
export function breakerStateOfClient(client: ApiClient): BreakerState | null {
  const read: unknown = (client as { breakerState?: unknown }).breakerState;
  return typeof read === 'function' ? (read.call(client) as BreakerState) : null;
}
