import type { BackoffFormula } from './types.js';

/** Smooths the first delay (Polly's `pFactor`). */
const P_FACTOR = 4;
/** Scales the formula so that `base` is roughly the median first delay (Polly's `rpScalingFactor`). */
const RP_SCALING_FACTOR = 1 / 1.4;

/**
 * Polly's decorrelated jitter V2 (the formula Polly v8 uses for `DelayBackoffType.Exponential` with jitter):
 * `t = attempt + U[0,1)`, `next = 2^t · tanh(√(4t))`, `delay = (next − prev) / 1.4 · base`, then `prev = next`.
 * The delays grow exponentially on average yet never line up between clients, and their running sum is
 * `next / 1.4 · base`, so the total wait stays predictable. Capped at `MaxRetryDelayMs` (Polly caps after the
 * formula too, and `prev` keeps the uncapped value).
 */
export const decorrelatedJitterBackoff: BackoffFormula = (state, options) => {
  const t = state.attempt + options.random();
  const next = 2 ** t * Math.tanh(Math.sqrt(P_FACTOR * t));
  const nextState = { attempt: state.attempt + 1, prev: next };
  // Past t ≈ 1024 the power overflows; Polly then answers its maximum delay, and so do we.
  if (!Number.isFinite(next)) return { delayMs: options.maxDelayMs, next: nextState };
  const raw = (next - state.prev) * RP_SCALING_FACTOR * options.baseDelayMs;
  return { delayMs: Math.min(options.maxDelayMs, Math.max(0, raw)), next: nextState };
};
