import type { JitterMode } from '../types.js';
import { decorrelatedJitterBackoff } from './decorrelatedJitter.js';
import { equalJitterBackoff } from './equalJitter.js';
import { fullJitterBackoff } from './fullJitter.js';
import { noJitterBackoff } from './noJitter.js';
import type { BackoffFormula, BackoffOptions, BackoffState, BackoffStep } from './types.js';
import { initialBackoffState } from './types.js';

export type { BackoffFormula, BackoffOptions, BackoffState, BackoffStep } from './types.js';
export { cappedExponential, initialBackoffState } from './types.js';
export { decorrelatedJitterBackoff, equalJitterBackoff, fullJitterBackoff, noJitterBackoff };

const formulas: Readonly<Record<JitterMode, BackoffFormula>> = {
  none: noJitterBackoff,
  full: fullJitterBackoff,
  equal: equalJitterBackoff,
  decorrelated: decorrelatedJitterBackoff,
};

/** The formula of a jitter mode. */
export function backoffFormula(mode: JitterMode): BackoffFormula {
  return formulas[mode];
}

/** A backoff bound to its options: `next(state)` is the immutable step `{ delayMs, next }`. */
export interface Backoff {
  readonly initial: BackoffState;
  next(state: BackoffState): BackoffStep;
}

/**
 * Binds a jitter mode to its options.
 * @example
 * const backoff = createBackoff('decorrelated', { baseDelayMs: 1000, maxDelayMs: 30000, random: Math.random });
 * const first = backoff.next(backoff.initial); // { delayMs: ~0..1377, next: {...} }
 * const second = backoff.next(first.next);
 */
export function createBackoff(mode: JitterMode, options: BackoffOptions): Backoff {
  const formula = formulas[mode];
  return { initial: initialBackoffState, next: (state) => formula(state, options) };
}
