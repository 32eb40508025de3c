import { redactString } from '../util/redact/redactString.js';
import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/**
 * A call was refused at once because the circuit breaker is open (or half-open with no probe slot free,
 * or isolated by hand). Nothing was sent to the server. A client over several servers (MultiEndpointClient)
 * refuses with it when every endpoint's breaker is open, naming them in `endpoints`.
 */
export class BrokenCircuitError extends VcconnError {
  readonly code = 'ERR_CIRCUIT_OPEN';
  /** How long until the breaker lets a probe through, in milliseconds (0 when unknown or isolated). */
  readonly retryAfterMs: number;
  /** The refused operation, when known. */
  readonly operation: string | undefined;
  /** The endpoints whose breakers are all open, passwords of `user:password@` URLs redacted; undefined for one client. */
  readonly endpoints: readonly string[] | undefined;

  constructor(retryAfterMs: number, operation?: string, endpoints?: readonly string[]) {
    // URLs may carry `user:password@`: the message and the field keep only what redactString leaves.
    const named = endpoints?.map((url) => redactString(url));
    const where = named === undefined ? '' : ` on every endpoint (${named.join(', ')})`;
    super(`Circuit breaker is open${where}: ${operation ?? 'call'} refused; retry after ${Math.max(0, Math.round(retryAfterMs))} ms`);
    this.retryAfterMs = Math.max(0, retryAfterMs);
    this.operation = operation;
    this.endpoints = named;
  }
}

/** True when `value` is a {@link BrokenCircuitError}. */
export function isBrokenCircuitError(value: unknown): value is BrokenCircuitError {
  return value instanceof BrokenCircuitError || hasCode(value, 'ERR_CIRCUIT_OPEN');
}
