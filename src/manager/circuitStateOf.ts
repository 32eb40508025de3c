import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { ApiClient } from '../api/ApiClient.js';

const STATES = new Set<unknown>(['closed', 'open', 'halfOpen', 'isolated']);

/** The state of a client's circuit breaker (the Enhanced client's `circuitState`), or undefined for a client without one. */
export function circuitStateOf(client: ApiClient): BreakerStateName | undefined {
  const state: unknown = (client as { circuitState?: unknown }).circuitState;
  return STATES.has(state) ? (state as BreakerStateName) : undefined;
}
