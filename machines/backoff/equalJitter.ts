import type { BackoffFormula } from './types.js';
import { cappedExponential } from './types.js';

/**
 * "Equal jitter": half the exponential delay fixed, half uniform: [v/2, v) with v = min(cap, base·2^n).
 * Keeps a guaranteed minimum wait while still spreading clients out; the mean is 3v/4.
 */
export const equalJitterBackoff: BackoffFormula = (state, options) => {
  const half = cappedExponential(state.attempt, options) / 2;
  return { delayMs: half + options.random() * half, next: { attempt: state.attempt + 1, prev: state.prev } };
};
