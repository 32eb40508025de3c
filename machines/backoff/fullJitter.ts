import type { BackoffFormula } from './types.js';
import { cappedExponential } from './types.js';

/**
 * "Full jitter" (AWS architecture blog): uniform in [0, min(cap, base·2^n)).
 * Spreads retries the most; the mean is half the exponential delay.
 */
export const fullJitterBackoff: BackoffFormula = (state, options) => ({
  delayMs: options.random() * cappedExponential(state.attempt, options),
  next: { attempt: state.attempt + 1, prev: state.prev },
});
