import type { CallFailure } from '../../machines/types.js';

/**
 * A client's running tally for `getConnectionHealth`: consecutive transient failures and the most recent
 * error since the last success. A success resets both.
 */
export class CallStats {
  private consecutiveFailures = 0;
  private latestError: string | null = null;

  /** Consecutive calls that ended with a transient failure. */
  get failureCount(): number {
    return this.consecutiveFailures;
  }

  /** The most recent failure's message since the last success, or null. */
  get lastError(): string | null {
    return this.latestError;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.latestError = null;
  }

  /** Any failure sets lastError; only a transient one counts (a 400 says nothing about the link). */
  recordFailure(failure: CallFailure): void {
    this.latestError = failure.message;
    if (failure.transient) this.consecutiveFailures += 1;
  }
}
