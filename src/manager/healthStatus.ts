import type { HealthProbeResult } from '../../machines/health/types.js';
import type { ConnectionHealthStatus } from '../api/ApiClient.js';

/**
 * The seed's ConnectionHealthStatus from the monitor's last result (health, timing, error, server version),
 * the current client's own last report (its failure count and breaker) and the connection's view of the
 * breaker. Null before the first health check.
 *
 * @param probe the machine's `lastHealth` (a timed-out probe included)
 * @param client the current client's last `getConnectionHealth()`, or null when it has not been probed yet
 * @param breakerOpen the connection's `circuitBreakerOpen` (from the breaker's events)
 */
export function combineHealthStatus(
  probe: HealthProbeResult | null,
  client: ConnectionHealthStatus | null,
  breakerOpen: boolean,
): ConnectionHealthStatus | null {
  if (probe === null) return null;
  return {
    isHealthy: probe.isHealthy,
    responseTimeMs: probe.responseTimeMs,
    // A successful probe is a success: the seed's lastError is the latest failure since the last success.
    lastError: probe.isHealthy ? null : (probe.lastError ?? 'GET api/health did not answer 2xx'),
    lastChecked: probe.at,
    circuitBreakerOpen: breakerOpen || (client?.circuitBreakerOpen ?? false),
    failureCount: client?.failureCount ?? 0,
    serverVersion: probe.serverVersion ?? client?.serverVersion ?? '',
  };
}
