/**
 * The retry delay formulas. They live in machines/backoff (the retry machine computes its delays without src/);
 * src/ re-exports them so hosts and benchmarks find them beside the rest of the HTTP layer.
 */
export {
  backoffFormula, cappedExponential, createBackoff, decorrelatedJitterBackoff, equalJitterBackoff, fullJitterBackoff,
  initialBackoffState, noJitterBackoff,
} from '../../machines/backoff/index.js';
export type { Backoff, BackoffFormula, BackoffOptions, BackoffState, BackoffStep } from '../../machines/backoff/index.js';
