import { Registry } from 'prom-client';
import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import type { ConnectionOptions } from '../../../src/config/types.js';
import { BrokenCircuitError } from '../../../src/errors/index.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import type { ClientFactory } from '../../../src/manager/options.js';
import { startHeldTaskServer } from '../manager/support/heldTaskServer.js';
import type { HeldTaskServer } from '../manager/support/heldTaskServer.js';
import { until } from '../manager/support/until.js';
import { parseExposition, samplesOf, valueOf } from '../../unit/metrics/support/exposition.js';
import type { Exposition } from '../../unit/metrics/support/exposition.js';

let server: HeldTaskServer | undefined;
let manager: ConnectionManager | undefined;

afterEach(async () => {
  await manager?.dispose();
  await server?.close();
  manager = undefined;
  server = undefined;
});

const connection: Partial<ConnectionOptions> = {
  degradedHealthCheckIntervalSeconds: 7, maxRetryAttempts: 0, circuitBreakerFailureThreshold: 3,
  circuitBreakerMinimumThroughput: 3, circuitBreakerBreakDurationSeconds: 30,
};

/** Clients that say which type they are (so the server can fail one type's health) and report to the connection. */
function typedClients(clock: SimulatedClock): ClientFactory {
  return (type, baseUrl, context) => {
    const headers = { 'X-Client-Type': type };
    const instrumentation = context?.instrumentation;
    return type === 'enhanced'
      ? new EnhancedApiClient(baseUrl, { connection, clock, now: () => clock.now(), headers, instrumentation })
      : new StandardApiClient(baseUrl, { headers, maxAttempts: 1, instrumentation });
  };
}

/** The series of one state set as { state: value }. */
function stateSet(scrape: Exposition, name: string, node: string, key = 'state'): Record<string, number> {
  return Object.fromEntries(samplesOf(scrape, name, { node }).map((sample) => [sample.labels[key] ?? '', sample.value]));
}

describe('metrics of a ConnectionManager over real HTTP, scraped as Prometheus text', () => {
  it('count calls, failures by kind, the breaker going open, half-open and closed, a client switch and recoveries; dispose removes the node', async () => {
    server = await startHeldTaskServer();
    const registry = new Registry();
    const clock = new SimulatedClock();
    manager = new ConnectionManager({
      baseUrl: server.url, clock, connection, createClient: typedClients(clock),
      apiSettings: { enableAutoRecovery: false }, metrics: { registry }, nodeId: 'node-a',
    });
    const m = manager;
    const scrape = async (): Promise<Exposition> => parseExposition(await registry.metrics());
    const getTasks = { node: 'node-a', client: 'enhanced', operation: 'getTasks' };

    // One success, three 503s that open the breaker, one call the open circuit refuses.
    await expect(m.client.getTasks()).resolves.toEqual([]);
    server.failTasks = true;
    for (let i = 0; i < 3; i++) await expect(m.client.getTasks()).rejects.toMatchObject({ status: 503 });
    await expect(m.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
    let text = await scrape();
    expect(valueOf(text, 'vcconn_calls_total', { ...getTasks, outcome: 'success' })).toBe(1);
    expect(valueOf(text, 'vcconn_calls_total', { ...getTasks, outcome: 'failure' })).toBe(4);
    expect(valueOf(text, 'vcconn_attempts_total', getTasks)).toBe(4);
    // One server: the endpoint label is its base URL, on every call series and on its breaker's own gauge.
    expect(valueOf(text, 'vcconn_calls_total', { ...getTasks, endpoint: server.url, outcome: 'success' })).toBe(1);
    expect(valueOf(text, 'vcconn_endpoint_breaker_state', { node: 'node-a', endpoint: server.url, state: 'open' })).toBe(1);
    expect(samplesOf(text, 'vcconn_retries_total')).toEqual([]);
    expect(valueOf(text, 'vcconn_failures_total', { ...getTasks, kind: 'http_5xx' })).toBe(3);
    expect(valueOf(text, 'vcconn_failures_total', { ...getTasks, kind: 'circuit_open' })).toBe(1);
    expect(valueOf(text, 'vcconn_breaker_transitions_total', { node: 'node-a', to: 'open' })).toBe(1);
    expect(stateSet(text, 'vcconn_breaker_state', 'node-a')).toEqual({ closed: 0, open: 1, half_open: 0, isolated: 0 });
    expect(stateSet(text, 'vcconn_link_state', 'node-a')).toEqual({ healthy: 0, degraded: 1, recovering: 0, offline: 0 });
    expect(stateSet(text, 'vcconn_current_client', 'node-a', 'client')).toEqual({ enhanced: 1, standard: 0 });
    expect(stateSet(text, 'vcconn_recoveries_total', 'node-a', 'outcome')).toEqual({ success: 0, failure: 0 });
    expect(valueOf(text, 'vcconn_call_duration_seconds_count', { ...getTasks, outcome: 'failure' })).toBe(4);
    expect(valueOf(text, 'vcconn_call_duration_seconds_sum', { ...getTasks, outcome: 'success' })).toBeGreaterThan(0);

    // Health probes every 7 s while degraded; at 30 s the break ends (half-open) and a good call closes it.
    server.failTasks = false;
    for (const at of [7_000, 14_000, 21_000, 28_000]) {
      clock.increment(7_000);
      await until(m.actor, (s) => s.context.lastHealth?.at === at);
    }
    clock.increment(2_000);
    expect(m.status.circuitBreakerOpen).toBe(true);
    await expect(m.client.getTasks()).resolves.toEqual([]);
    await until(m.actor, (s) => s.context.link === 'healthy');
    text = await scrape();
    expect(valueOf(text, 'vcconn_breaker_transitions_total', { node: 'node-a', to: 'half_open' })).toBe(1);
    expect(valueOf(text, 'vcconn_breaker_transitions_total', { node: 'node-a', to: 'closed' })).toBe(1);
    expect(stateSet(text, 'vcconn_breaker_state', 'node-a')).toEqual({ closed: 1, open: 0, half_open: 0, isolated: 0 });
    expect(stateSet(text, 'vcconn_link_state', 'node-a')).toEqual({ healthy: 1, degraded: 0, recovering: 0, offline: 0 });
    expect(valueOf(text, 'vcconn_health_check_duration_seconds_count', { node: 'node-a', client: 'enhanced', outcome: 'healthy' })).toBe(4);
    expect(valueOf(text, 'vcconn_calls_total', { ...getTasks, outcome: 'success' })).toBe(2);

    // A manual switch: the Standard client passes its test and takes over; it has no breaker.
    await expect(m.switchToStandardClient()).resolves.toBe(true);
    await expect(m.client.getTasks()).resolves.toEqual([]);
    text = await scrape();
    expect(valueOf(text, 'vcconn_client_switches_total', { node: 'node-a', from: 'enhanced', to: 'standard' })).toBe(1);
    expect(stateSet(text, 'vcconn_current_client', 'node-a', 'client')).toEqual({ enhanced: 0, standard: 1 });
    expect(stateSet(text, 'vcconn_breaker_state', 'node-a')).toEqual({ closed: 0, open: 0, half_open: 0, isolated: 0 });
    expect(valueOf(text, 'vcconn_calls_total', { node: 'node-a', client: 'standard', operation: 'getTasks', outcome: 'success' })).toBe(1);
    expect(valueOf(text, 'vcconn_health_check_duration_seconds_count', { node: 'node-a', client: 'standard', outcome: 'healthy' })).toBe(1);

    // The link is lost: a recovery that finds no healthy client (offline), then one that switches back to Enhanced.
    server.unhealthyFor.add('standard');
    server.unhealthyFor.add('enhanced');
    clock.increment(60_000);
    await until(m.actor, (s) => s.context.link === 'degraded');
    await expect(m.tryAutoRecoverConnection()).resolves.toBe(false);
    text = await scrape();
    expect(valueOf(text, 'vcconn_recoveries_total', { node: 'node-a', outcome: 'failure' })).toBe(1);
    // Exported at 0 from the start, so an alert's increase() sees the first recovery of each outcome.
    expect(valueOf(text, 'vcconn_recoveries_total', { node: 'node-a', outcome: 'success' })).toBe(0);
    expect(stateSet(text, 'vcconn_link_state', 'node-a')).toEqual({ healthy: 0, degraded: 0, recovering: 0, offline: 1 });

    server.unhealthyFor.delete('enhanced');
    await expect(m.tryAutoRecoverConnection()).resolves.toBe(true);
    text = await scrape();
    expect(valueOf(text, 'vcconn_recoveries_total', { node: 'node-a', outcome: 'success' })).toBe(1);
    expect(valueOf(text, 'vcconn_client_switches_total', { node: 'node-a', from: 'standard', to: 'enhanced' })).toBe(1);
    expect(stateSet(text, 'vcconn_current_client', 'node-a', 'client')).toEqual({ enhanced: 1, standard: 0 });
    expect(stateSet(text, 'vcconn_breaker_state', 'node-a')).toEqual({ closed: 1, open: 0, half_open: 0, isolated: 0 });
    expect(valueOf(text, 'vcconn_health_check_duration_seconds_count', { node: 'node-a', client: 'standard', outcome: 'unhealthy' })).toBeGreaterThan(0);
    expect(JSON.stringify(await registry.getMetricsAsJSON())).toContain('"node":"node-a"');

    await m.dispose();
    text = await scrape();
    expect(text.samples).toEqual([]);
    expect(text.families.get('vcconn_calls_total')?.type).toBe('counter');
  });
});
