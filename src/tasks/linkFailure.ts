import { isBrokenCircuitError } from '../errors/BrokenCircuitError.js';
import { isHttpStatusError } from '../errors/HttpStatusError.js';
import { isNetworkError } from '../errors/NetworkError.js';
import { isOperationTimeoutError } from '../errors/OperationTimeoutError.js';
import { isOutcomeUnknownError } from '../errors/OutcomeUnknownError.js';
import { isPoolTimeoutError } from '../errors/PoolTimeoutError.js';
import { isRetryBudgetExceededError } from '../errors/RetryBudgetExceededError.js';
import { classifyStatus } from '../http/classifyFailure.js';

/**
 * True when `error` says the server could not be reached or could not serve (so the link counts as down):
 * network errors, timeouts, pool timeouts, 408/429/5xx, an open circuit breaker, an exhausted retry budget, and an
 * unknown outcome (a non-idempotent call cut off by one of those).
 * A 4xx or a malformed answer is the server speaking: the link is up, the request was at fault.
 */
export function isLinkFailure(error: unknown): boolean {
  if (isNetworkError(error) || isOperationTimeoutError(error) || isPoolTimeoutError(error)) return true;
  if (isOutcomeUnknownError(error)) return true;
  if (isBrokenCircuitError(error) || isRetryBudgetExceededError(error)) return true;
  return isHttpStatusError(error) && classifyStatus(error.status).transient;
}

/** A one-line description of any thrown value, for events and logs. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
