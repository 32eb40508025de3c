import type { HostRef } from '../types.js';

/** The health monitor's settings, in ms; build them with `healthMonitorSettingsFrom(options, apiSettings)`. */
export interface HealthMonitorSettings {
  /** `HealthCheckIntervalMinutes` in ms: time between probes while the link is healthy. */
  readonly intervalMs: number;
  /** `DegradedHealthCheckIntervalSeconds` in ms: time between probes while degraded, recovering or offline. */
  readonly degradedIntervalMs: number;
  /** `HealthCheckTimeoutSeconds` in ms: a probe that takes longer counts as a failure. */
  readonly timeoutMs: number;
}

/** Input of the health monitor. */
export interface HealthMonitorInput extends HealthMonitorSettings {
  /** Start with the degraded (fast) interval. Default false. */
  readonly degraded?: boolean;
  /** When the monitor starts: epoch ms from the caller's clock; the first probe is one interval later. */
  readonly at: number;
  /** Handed to `probe` in its input; never read by the machine. */
  readonly host?: HostRef;
}

/** Input of the `probe` actor. */
export interface ProbeInput {
  /** The probe must give up after this long (the monitor also stops waiting then). */
  readonly timeoutMs: number;
  /** The monitor input's `host`. */
  readonly host?: HostRef;
}

/**
 * A health check's result: the seed's ConnectionHealthStatus fields the probe can know (the breaker's state and
 * failure count are added by whoever combines them).
 */
export interface HealthProbeResult {
  readonly isHealthy: boolean;
  /** Round trip of GET api/health, ms. */
  readonly responseTimeMs: number;
  /** When the probe finished (`lastChecked`), epoch ms. */
  readonly at: number;
  readonly serverVersion?: string;
  readonly lastError?: string;
}

/** Events the health monitor accepts. */
export type HealthMonitorEvent =
  /** Probe at once (`TestConnection`, a manual refresh, a freshly committed client). Ignored while checking. */
  | { readonly type: 'CHECK_NOW'; readonly at: number }
  /** Switch to the fast interval. */
  | { readonly type: 'LINK.DEGRADED'; readonly at: number }
  /** Switch back to the normal interval. */
  | { readonly type: 'LINK.HEALTHY'; readonly at: number }
  /** Send once after restoring a persisted snapshot: re-arms the interval (or restarts the probe). */
  | { readonly type: 'RESTORED'; readonly at: number };

/** What the monitor sends to its parent after each check. */
export type HealthReport =
  | { readonly type: 'HEALTH.OK'; readonly at: number; readonly result: HealthProbeResult }
  | { readonly type: 'HEALTH.FAILED'; readonly at: number; readonly result: HealthProbeResult };

/** Events the monitor emits (`actor.on('health.checked', ...)`). */
export type HealthMonitorEmitted = { readonly type: 'health.checked'; readonly result: HealthProbeResult };

/** The health monitor's context. */
export interface HealthMonitorContext extends HealthMonitorSettings {
  readonly degraded: boolean;
  /** The latest time the monitor knows (event `at`s, advanced by its own timers). */
  readonly now: number;
  /** When the current wait began; the next probe is due one interval later. */
  readonly waitStartedAt: number;
  /** When the current probe began. */
  readonly checkStartedAt: number;
  readonly lastResult: HealthProbeResult | null;
  readonly consecutiveFailures: number;
  readonly host: HostRef | undefined;
}
