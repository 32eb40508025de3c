import type { RandomSource } from '../random.js';

/**
 * Where a backoff sequence stands. Plain data, so it lives in a machine's context and persists.
 * `attempt` counts retries already scheduled (0 before the first); `prev` is the decorrelated formula's memory.
 */
export interface BackoffState {
  readonly attempt: number;
  readonly prev: number;
}

/** One step of a backoff: the delay before the next retry, and the state to step from afterwards. */
export interface BackoffStep {
  readonly delayMs: number;
  readonly next: BackoffState;
}

/** Parameters shared by every formula. */
export interface BackoffOptions {
  /** `BaseRetryDelayMs`: the first delay (before jitter). */
  readonly baseDelayMs: number;
  /** `MaxRetryDelayMs`: no delay is ever longer. */
  readonly maxDelayMs: number;
  /** Uniform [0, 1) source; inject a seeded one in tests. */
  readonly random: RandomSource;
}

/** A backoff formula as an immutable step: `step(state, options) -> { delayMs, next }`. */
export type BackoffFormula = (state: BackoffState, options: BackoffOptions) => BackoffStep;

/** The state before the first retry. */
export const initialBackoffState: BackoffState = { attempt: 0, prev: 0 };

/** `base * 2^attempt`, capped; never NaN or Infinity whatever the attempt. */
export function cappedExponential(attempt: number, options: BackoffOptions): number {
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
}
