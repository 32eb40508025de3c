import type { BreakerSettings } from './types.js';
import type { WindowTotals } from './window.js';

/**
 * When the circuit opens: the window holds at least `minimumThroughput` calls AND at least `failureThreshold`
 * transient failures AND, when `failureRatio` is set, failures/calls >= failureRatio. Never when disabled.
 *
 * With the defaults (threshold 5, throughput 3, 60 s window) the fifth transient failure within a minute opens
 * the circuit; five failures among a thousand successes also do, unless a ratio is configured.
 */
export function isTripped(totals: WindowTotals, settings: BreakerSettings): boolean {
  if (!settings.enabled) return false;
  if (totals.calls < settings.minimumThroughput || totals.failures < settings.failureThreshold) return false;
  return settings.failureRatio === null || totals.failures / totals.calls >= settings.failureRatio;
}

/**
 * Whether a success recorded in closed state can ever change what {@link isTripped} answers. Successes only enter
 * the rule through `minimumThroughput` and `failureRatio`: without a ratio, and with a minimum throughput no
 * larger than the failure threshold, any window holding enough failures already holds enough calls. That is
 * the default configuration (threshold 5, throughput 3, no ratio), where the breaker ignores successes while
 * closed and a client need not send them at all.
 */
export function successesCount(settings: BreakerSettings): boolean {
  return settings.failureRatio !== null || settings.minimumThroughput > settings.failureThreshold;
}
