import type { BackoffFormula } from './types.js';
import { cappedExponential } from './types.js';

/**
 * Plain exponential backoff (`JitterMode: "none"`, or `EnableJitter: false`):
 * base, 2·base, 4·base, ... capped at `MaxRetryDelayMs`. Never draws from the random source.
 */
export const noJitterBackoff: BackoffFormula = (state, options) => ({
  delayMs: cappedExponential(state.attempt, options),
  next: { attempt: state.attempt + 1, prev: state.prev },
});
