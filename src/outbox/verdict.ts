import { isBrokenCircuitError } from '../errors/BrokenCircuitError.js';
import { isHttpStatusError } from '../errors/HttpStatusError.js';
import { isInvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { isNetworkError } from '../errors/NetworkError.js';
import { isOperationTimeoutError } from '../errors/OperationTimeoutError.js';
import { isPoolTimeoutError } from '../errors/PoolTimeoutError.js';
import type { DeadLetterVerdict } from './DeliveryQueue.js';

/**
 * What one failed delivery call means for its entry:
 * - `poison`: the server will never accept it (a 4xx but 408/409/429, arguments the client refuses): dead letter;
 * - `conflict`: a 409, which may mean the write is already applied: read back before deciding;
 * - `transient`: the link or the server failed; `neverSent` when the failure proves the request never left (the
 *   entry is simply queued again), else its outcome is unknown (it stays in flight and is reconciled).
 */
export type FailureVerdict =
  | { readonly kind: 'poison'; readonly verdict: DeadLetterVerdict }
  | { readonly kind: 'conflict'; readonly status: number; readonly answer: string }
  | {
    readonly kind: 'transient';
    readonly neverSent: boolean;
    readonly retryAfterMs: number;
    readonly error: string;
    /** The client's breaker refused the call (nothing left); `retryAfterMs` is what is left of its break. */
    readonly byBreaker?: boolean;
  };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** HTTP statuses a server says once and means for good: the request itself is wrong. */
function isPoisonStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
}

/** Reads a delivery call's error (see {@link FailureVerdict}). */
export function verdictOf(error: unknown): FailureVerdict {
  if (isInvalidArgumentError(error)) {
    return { kind: 'poison', verdict: { reason: 'invalid', status: null, answer: error.message } };
  }
  if (isHttpStatusError(error)) {
    const answer = error.body === '' ? `HTTP ${error.status}` : error.body;
    if (error.status === 409) return { kind: 'conflict', status: 409, answer };
    if (isPoisonStatus(error.status)) return { kind: 'poison', verdict: { reason: 'rejected', status: error.status, answer } };
    return { kind: 'transient', neverSent: false, retryAfterMs: error.retryAfterMs ?? 0, error: error.message };
  }
  // Refused before anything left: an open breaker, a pool that had no socket.
  if (isBrokenCircuitError(error)) return { kind: 'transient', neverSent: true, retryAfterMs: error.retryAfterMs, error: error.message, byBreaker: true };
  if (isPoolTimeoutError(error)) return { kind: 'transient', neverSent: true, retryAfterMs: 0, error: error.message };
  if (isNetworkError(error) || isOperationTimeoutError(error)) {
    return { kind: 'transient', neverSent: error.neverSent, retryAfterMs: 0, error: error.message };
  }
  // Anything else (an unknown outcome, a budget that stopped retries, a cut or unreadable answer, an abort): the
  // request may have been applied.
  return { kind: 'transient', neverSent: false, retryAfterMs: 0, error: messageOf(error) };
}
