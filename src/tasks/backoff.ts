/** Waits between delivery attempts and link probes: exponential from `initialDelayMs`, capped at `maxDelayMs`. */
export interface DeliveryBackoff {
  /** Wait after the first failure, ms. Default 250. */
  initialDelayMs: number;
  /** Longest wait, ms. Default 10000. */
  maxDelayMs: number;
}

/** The defaults of {@link DeliveryBackoff}. */
export const DEFAULT_DELIVERY_BACKOFF: Readonly<DeliveryBackoff> = { initialDelayMs: 250, maxDelayMs: 10_000 };

/**
 * The wait after the `failures`-th consecutive failure (1-based): `initialDelayMs × 2^(failures-1)`, capped.
 * No jitter: a node retries one result at a time, so there is no herd of its own to spread.
 */
export function backoffDelay(failures: number, backoff: DeliveryBackoff): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  return Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** exponent);
}
