import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/**
 * A call was refused at once because the circuit breaker is open (or half-open with no probe slot free,
 * or isolated by hand). Nothing was sent to the server.
 */
export class BrokenCircuitError extends VcconnError {
  readonly code = 'ERR_CIRCUIT_OPEN';
  /** How long until the breaker lets a probe through, in milliseconds (0 when unknown or isolated). */
  readonly retryAfterMs: number;
  /** The refused operation, when known. */
  readonly operation: string | undefined;

  constructor(retryAfterMs: number, operation?: string) {
    super(`Circuit breaker is open: ${operation ?? 'call'} refused; retry after ${Math.max(0, Math.round(retryAfterMs))} ms`);
    this.retryAfterMs = Math.max(0, retryAfterMs);
    this.operation = operation;
  }
}

/** True when `value` is a {@link BrokenCircuitError}. */
export function isBrokenCircuitError(value: unknown): value is BrokenCircuitError {
  return value instanceof BrokenCircuitError || hasCode(value, 'ERR_CIRCUIT_OPEN');
}
