import type { ApiClient } from '../api/ApiClient.js';
import type { IsolationHandle } from '../clients/IsolationHandle.js';
import { circuitStateOf } from './circuitStateOf.js';

/** The controls of a client with a circuit breaker (the EnhancedApiClient's `isolate` and `resetCircuit`). */
interface BreakerControls {
  isolate(reason?: string): IsolationHandle;
  resetCircuit(): void;
}

/**
 * The breaker controls of `client`, or undefined for a client without a breaker: the Standard client, or a
 * MultiEndpointClient over Standard clients (it has the methods but no breaker state: isolating it would refuse
 * nothing, so the connection refuses the calls itself).
 */
export function breakerControlsOf(client: ApiClient): BreakerControls | undefined {
  const candidate = client as Partial<Record<keyof BreakerControls, unknown>>;
  if (typeof candidate.isolate !== 'function' || typeof candidate.resetCircuit !== 'function') return undefined;
  if (circuitStateOf(client) === undefined) return undefined;
  return client as unknown as BreakerControls;
}
