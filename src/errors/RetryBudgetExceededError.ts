import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/**
 * A call failed and would have been retried, but the client-wide retry budget is spent (most recent calls
 * failed), so it fails now instead of adding load to a struggling server.
 */
export class RetryBudgetExceededError extends VcconnError {
  readonly code = 'ERR_RETRY_BUDGET';
  /** The operation whose retry was refused. */
  readonly operation: string;
  /** Attempts made before the budget stopped the call. */
  readonly attempts: number;

  constructor(operation: string, attempts: number, options?: { cause?: unknown }) {
    super(`${operation} not retried: retry budget exhausted after ${attempts} attempt(s)`, options);
    this.operation = operation;
    this.attempts = attempts;
  }
}

/** True when `value` is a {@link RetryBudgetExceededError}. */
export function isRetryBudgetExceededError(value: unknown): value is RetryBudgetExceededError {
  return value instanceof RetryBudgetExceededError || hasCode(value, 'ERR_RETRY_BUDGET');
}
