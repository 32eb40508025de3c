import { InvalidMachineSettingsError, requireNumber } from './settingsError.js';

/** `RetryBudgetMaxTokens` and `RetryBudgetTokenRatio`. */
export interface RetryBudgetSettings {
  readonly maxTokens: number;
  readonly tokenRatio: number;
}

/**
 * gRPC-style retry throttling, shared by every call of one client: each transiently failed attempt takes a token, each
 * success gives back `tokenRatio` of one, and retries are allowed only while more than half the tokens remain.
 * When most calls fail the bucket drains and retries stop, so a struggling server is not hit by a retry storm.
 *
 * Who records: the caller records the outcome of every first attempt (src/, which also sees the happy path);
 * the retry machine records the attempts it runs. Pure and synchronous: no clock, no I/O.
 */
export class RetryBudget {
  private current: number;

  /** @throws {@link InvalidMachineSettingsError} when maxTokens < 1 or tokenRatio is outside (0, 1]. */
  constructor(readonly settings: RetryBudgetSettings) {
    requireNumber('retryBudgetMaxTokens', settings.maxTokens, 1);
    if (!(settings.tokenRatio > 0 && settings.tokenRatio <= 1)) {
      throw new InvalidMachineSettingsError('retryBudgetTokenRatio', settings.tokenRatio, 'a number in (0, 1]');
    }
    this.current = settings.maxTokens;
  }

  /** Tokens left, between 0 and maxTokens. */
  get tokens(): number {
    return this.current;
  }

  /** True while a retry may start: more than half the tokens remain. */
  canRetry(): boolean {
    return this.current > this.settings.maxTokens / 2;
  }

  /** An attempt failed transiently (a 400 is an answer, not a sign of overload: do not record it): takes a token. */
  recordFailure(): void {
    this.current = Math.max(0, this.current - 1);
  }

  /** An attempt succeeded: gives back `tokenRatio` of a token. */
  recordSuccess(): void {
    this.current = Math.min(this.settings.maxTokens, this.current + this.settings.tokenRatio);
  }

  /** Plain data for logs, metrics and snapshots. */
  toJSON(): { tokens: number; maxTokens: number; tokenRatio: number } {
    return { tokens: this.current, ...this.settings };
  }
}
