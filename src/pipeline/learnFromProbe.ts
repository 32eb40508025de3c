import type { CallStats } from './CallStats.js';
import type { KeySupport } from './KeySupport.js';
import type { HealthProbeResult } from './probeHealth.js';

/** Where a client keeps what a health probe tells it, and who it reports probes to. */
export interface ProbeLearners {
  readonly stats: CallStats;
  readonly keySupport: KeySupport;
  readonly observer: { healthChecked(report: HealthProbeResult): void } | undefined;
}

/**
 * Takes in one probe's result the same way in both clients: reported to the instrumentation, counted as a success
 * or a failure, and a success's `capabilities` teach whether the server honours Idempotency-Key.
 */
export function learnFromProbe(result: HealthProbeResult, { stats, keySupport, observer }: ProbeLearners): void {
  observer?.healthChecked(result);
  if (result.failure === undefined) {
    stats.recordSuccess();
    keySupport.learn(result.capabilities);
  } else {
    stats.recordFailure(result.failure);
  }
}
