import type { CallFailure } from '../../machines/types.js';
import type { HttpClient } from '../http/createHttpClient.js';
import { performAttempt } from '../http/performAttempt.js';

/** One `GET api/health`, as a client's getConnectionHealth and the health monitor's probe need it. */
export interface HealthProbeResult {
  isHealthy: boolean;
  responseTimeMs: number;
  /** When the probe started, epoch ms. */
  checkedAt: number;
  /** The server's `version`, '' when it sent none. */
  serverVersion: string;
  /** What the server's answer lists in `capabilities` (e.g. `idempotency-key`); [] when it failed or listed none. */
  capabilities: readonly string[];
  /** Why the probe failed, when it did. */
  failure?: CallFailure;
}

/**
 * Sends one `GET api/health` (no retry: a health check reports the link as it is now) bounded by `timeoutMs`.
 * Never throws.
 */
export async function probeHealth(
  http: HttpClient, options: { timeoutMs: number; signal?: AbortSignal },
): Promise<HealthProbeResult> {
  const checkedAt = http.now();
  const outcome = await performAttempt(http, 'health', [], options);
  const responseTimeMs = Math.max(0, outcome.at - checkedAt);
  if (outcome.ok) {
    return { isHealthy: true, responseTimeMs, checkedAt, serverVersion: outcome.value.version ?? '', capabilities: outcome.value.capabilities };
  }
  return { isHealthy: false, responseTimeMs, checkedAt, serverVersion: '', capabilities: [], failure: outcome.failure };
}
