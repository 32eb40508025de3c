import { fromPromise } from 'xstate';
import type { HealthProbeResult, ProbeInput } from '../../../machines/health/types.js';
import type { ConnectionHealthStatus } from '../../api/ApiClient.js';
import { RequestAbortedError } from '../../errors/RequestAbortedError.js';
import type { ManagedClient } from '../ManagedClient.js';
import { raceAbort } from '../../util/raceAbort.js';
import { servicesOf } from './ConnectionServices.js';

/** What the health probe needs from its connection. */
export interface HealthProbeDeps {
  /** The client the probe goes through: the current one when the probe starts. */
  current(): ManagedClient;
  /** The connection's clock (epoch ms): the machine's events carry its times. */
  now(): number;
  /** Receives the client's whole health status (breaker state and failure count included) after each probe. */
  onHealth(status: ConnectionHealthStatus, client: ManagedClient): void;
}

/** The machine's view of a client's health status, stamped with the connection's clock. */
export function toProbeResult(status: ConnectionHealthStatus, at: number): HealthProbeResult {
  return {
    isHealthy: status.isHealthy,
    responseTimeMs: status.responseTimeMs,
    at,
    ...(status.serverVersion === '' ? {} : { serverVersion: status.serverVersion }),
    ...(status.isHealthy ? {} : { lastError: status.lastError ?? 'GET api/health did not answer 2xx' }),
  };
}

/**
 * The health monitor's `probe` actor: the current client's `getConnectionHealth()` (one `GET api/health`,
 * bounded by the client's HealthCheckTimeoutSeconds). The monitor's own `healthTimeout` stops waiting at the
 * same bound on the machine's clock; when it does, the actor's signal aborts and the late answer is dropped.
 * The call is counted on the client, so a client swapped out mid-probe is disposed only after the probe ends.
 * Its connection comes in its input (`host`), so it is provided once per process.
 */
export const healthProbeActor = fromPromise<HealthProbeResult, ProbeInput>(async ({ input, signal }) => {
  const deps = servicesOf(input.host, 'probe');
  const managed = deps.current();
  const status = await raceAbort(
    managed.run((client) => client.getConnectionHealth()),
    signal,
    () => new RequestAbortedError('health probe'),
  );
  deps.onHealth(status, managed);
  return toProbeResult(status, deps.now());
});
