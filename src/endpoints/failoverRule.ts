import { isRetrySafe } from '../api/operations/index.js';
import type { OperationName } from '../api/operations/index.js';
import { classifyStatus } from '../http/classifyFailure.js';
import { VcconnError } from '../errors/VcconnError.js';

/** What the failover rule knows of the call's Idempotency-Key. */
export interface KeyFacts {
  /** The call carries one key on every endpoint (the caller's, or one the multi-endpoint client pinned for it). */
  readonly pinnedKey: boolean;
  /** The endpoint that failed was known to honour Idempotency-Key when the call went out. */
  readonly failedHonoured: boolean;
  /** The endpoint the call would go to next is known to honour it. */
  readonly nextHonoured: boolean;
}

/** The `code` of a library error, or undefined for anything else. */
function codeOf(error: unknown): string | undefined {
  return error instanceof VcconnError ? error.code : undefined;
}

/**
 * True when `error` says the endpoint (not the request) was at fault, so another endpoint may well answer: a refusal
 * by its breaker, a full pool, a network failure worth another attempt, a timeout, a 408/429/5xx, a spent retry
 * budget. False for an answer (a 4xx), an invalid response, an abort, a disposed client, an OutcomeUnknownError
 * (the call may have been applied: the caller must look before calling again) and anything foreign.
 */
export function isEndpointFailure(error: unknown): boolean {
  switch (codeOf(error)) {
    case 'ERR_CIRCUIT_OPEN':
    case 'ERR_POOL_TIMEOUT':
    case 'ERR_OPERATION_TIMEOUT':
    case 'ERR_RETRY_BUDGET':
      return true;
    case 'ERR_NETWORK':
      return (error as { retryable?: unknown }).retryable === true;
    case 'ERR_HTTP_STATUS':
      return classifyStatus((error as { status: number }).status).transient;
    default:
      return false;
  }
}

/**
 * True when `error` proves the failed call's last request never reached the server: refused by the breaker, no
 * pool slot, or a network error or timeout flagged `neverSent` (lookup, handshake, nothing written). A spent retry
 * budget proves it when its cause does.
 */
export function provesNothingSent(error: unknown): boolean {
  switch (codeOf(error)) {
    case 'ERR_CIRCUIT_OPEN':
    case 'ERR_POOL_TIMEOUT':
      return true;
    case 'ERR_NETWORK':
    case 'ERR_OPERATION_TIMEOUT':
      return (error as { neverSent?: unknown }).neverSent === true;
    case 'ERR_RETRY_BUDGET':
      return provesNothingSent((error as Error).cause);
    default:
      return false;
  }
}

/**
 * Whether a call that failed on one endpoint with `error` may be sent to the next one without risk of applying it
 * twice. Only endpoint failures move on (see {@link isEndpointFailure}); then it is safe when:
 * - the operation is idempotent (GETs, PUTs, naturally idempotent POSTs);
 * - the call carries one pinned key on every endpoint and the next endpoint honours it (servers on one database
 *   replay the first answer whichever of them saw the key);
 * - or the error proves the request never left, and the failed endpoint did not honour keys: then its client
 *   repeated the call only after failures that proved the same (a repeat that might have landed would have ended in
 *   OutcomeUnknownError), so no attempt of it can have been applied.
 */
export function mayTryNextEndpoint(operation: OperationName, error: unknown, keys: KeyFacts): boolean {
  if (!isEndpointFailure(error)) return false;
  if (isRetrySafe(operation)) return true;
  if (keys.pinnedKey && keys.nextHonoured) return true;
  return provesNothingSent(error) && !keys.failedHonoured;
}
