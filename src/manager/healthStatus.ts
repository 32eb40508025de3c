import type { HealthProbeResult } from '../../machines/health/types.js';
import type { ConnectionHealthStatus } from '../api/ApiClient.js';
import type { EndpointHealth } from '../endpoints/MultiEndpointClient.js';

/**
 * A connection's health status: the seed's fields, plus, for a connection over several servers, each endpoint's
 * own report from the last probe (`endpoints`, `healthyEndpoints`, as `MultiEndpointClient.getConnectionHealth`
 * gives them, URLs with passwords redacted). Absent for one server.
 */
export interface ConnectionManagerHealthStatus extends ConnectionHealthStatus {
  readonly endpoints?: readonly EndpointHealth[];
  readonly healthyEndpoints?: readonly string[];
}

/** The per-endpoint reports of a client's health status, when it has them (a MultiEndpointClient's). */
function endpointReportsOf(status: ConnectionManagerHealthStatus | null): Pick<ConnectionManagerHealthStatus, 'endpoints' | 'healthyEndpoints'> {
  if (status?.endpoints === undefined) return {};
  return { endpoints: status.endpoints, healthyEndpoints: status.healthyEndpoints ?? [] };
}

/**
 * The seed's ConnectionHealthStatus from the monitor's last result (health, timing, error, server version),
 * the current client's own last report (its failure count and breaker) and the connection's view of the
 * breaker. Null before the first health check. Over several servers it carries the client's per-endpoint reports.
 *
 * @param probe the machine's `lastHealth` (a timed-out probe included)
 * @param client the current client's last `getConnectionHealth()`, or null when it has not been probed yet
 * @param breakerOpen the connection's `circuitBreakerOpen` (from the breaker's events)
 */
export function combineHealthStatus(
  probe: HealthProbeResult | null,
  client: ConnectionHealthStatus | null,
  breakerOpen: boolean,
): ConnectionManagerHealthStatus | null {
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
    ...endpointReportsOf(client),
  };
}
