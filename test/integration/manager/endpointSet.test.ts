import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { SimulatedClock } from 'xstate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../../src/demo/serverProcess.js';
import type { CliLaunch, ServerProcess } from '../../../src/demo/serverProcess.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import type { ConnectionStatus } from '../../../machines/connection/types.js';
import { parseExposition, samplesOf, valueOf } from '../../unit/metrics/support/exposition.js';

// Vitest runs without the tsx loader in its own flags, so each server child gets it explicitly.
const launch: CliLaunch = { execPath: process.execPath, args: ['--import', 'tsx', fileURLToPath(new URL('../../../src/cli.ts', import.meta.url))] };
const BREAK_MS = 5_000;

/**
 * A ConnectionManager whose ApiSettings.BaseUrls name three reference server processes on one SQLite file: its
 * clients work over the set, its link is the set's. Breakers, health monitor and selection run on a SimulatedClock
 * (no timer fires unless the test moves it); servers and sockets are real.
 */
describe('ConnectionManager over three servers (ApiSettings.BaseUrls)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-manager-set-'));
  const db = join(dir, 'tasks.db');
  const servers: ServerProcess[] = [];
  const ports: number[] = [];
  const clock = new SimulatedClock();
  clock.set(Date.now());
  const registry = new Registry();
  const statuses: ConnectionStatus[] = [];
  const switches: string[] = [];
  const messages: string[] = [];
  let manager: ConnectionManager;
  const urls = (): string[] => ports.map((port) => `http://127.0.0.1:${port}`);

  beforeAll(async () => {
    servers.push(await startServerProcess({ db, launch }));
    servers.push(...await Promise.all([startServerProcess({ db, launch }), startServerProcess({ db, launch })]));
    ports.push(...servers.map((server) => server.port));
    manager = new ConnectionManager({
      baseUrl: urls()[0] ?? '',
      apiSettings: { baseUrls: urls(), enableAutoRecovery: false, failbackHoldDownSeconds: 0 },
      // Failover is the retry here: one attempt per endpoint, so a dead server costs one refused connect.
      connection: { maxRetryAttempts: 0, circuitBreakerFailureThreshold: 2, circuitBreakerMinimumThroughput: 1, circuitBreakerBreakDurationSeconds: BREAK_MS / 1000 },
      clock,
      networkWatch: false,
      metrics: { registry },
      nodeId: 'set-node',
    });
    manager.on('statusChanged', ({ current }) => statuses.push(current));
    manager.on('endpointSwitched', ({ from, to }) => switches.push(`${from ?? 'none'} -> ${to ?? 'none'}`));
    manager.on('message', ({ text }) => messages.push(text));
  }, 60_000);

  afterAll(async () => {
    await manager.dispose();
    await Promise.all(servers.map((server) => server.kill()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('probes every endpoint and reports each one in lastHealthStatus', async () => {
    const health = await manager.checkHealthNow();
    expect(health.isHealthy).toBe(true);
    expect(health.endpoints?.map((endpoint) => endpoint.url)).toEqual(urls());
    expect(health.healthyEndpoints).toEqual(urls());
    expect(manager.lastHealthStatus?.endpoints).toHaveLength(3);
    expect(manager.client.baseUrl).toBe(urls()[0]);
    expect(manager.circuitState).toBe('closed');
    await expect(manager.client.getTasks()).resolves.toEqual([]);
  });

  it('one server killed: calls keep succeeding on the others, the link stays healthy and the set closed', async () => {
    await servers[0]?.kill();
    for (let call = 0; call < 4; call += 1) await expect(manager.client.getTasks()).resolves.toEqual([]);
    // The first endpoint's own breaker opened (two refused connects); the set's did not.
    expect(manager.circuitState).toBe('closed');
    expect(manager.status).toMatchObject({ link: 'healthy', circuitBreakerOpen: false });
    const health = await manager.checkHealthNow();
    expect(health.isHealthy).toBe(true);
    expect(health.healthyEndpoints).toEqual(urls().slice(1));
    expect(health.endpoints?.[0]).toMatchObject({ url: urls()[0], isHealthy: false, circuitBreakerOpen: true });
    expect(manager.status.link).toBe('healthy');
    expect(switches).toEqual([`${urls()[0]} -> ${urls()[1]}`]);
    expect(messages).toContain(`Calls moved from ${urls()[0]} to ${urls()[1]}`);
  });

  it('every server killed: the set\'s circuit opens, the link degrades and calls fail fast naming every endpoint', async () => {
    await Promise.all(servers.slice(1).map((server) => server.kill()));
    // Each live endpoint fails twice (threshold 2); a call fails over through both, so two calls open both breakers.
    for (let call = 0; call < 2; call += 1) await expect(manager.client.getTasks()).rejects.toThrow();
    expect(manager.circuitState).toBe('open');
    expect(manager.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    const refused = await manager.client.getTasks().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BrokenCircuitError);
    expect((refused as BrokenCircuitError).endpoints).toEqual(urls());
    const health = await manager.checkHealthNow();
    expect(health).toMatchObject({ isHealthy: false, circuitBreakerOpen: true, healthyEndpoints: [] });
    expect(switches.at(-1)).toMatch(/ -> none$/);
  });

  it('servers back: health returns, the breakers close after their break and the link is healthy again', async () => {
    const restarted = await Promise.all(ports.map((port) => startServerProcess({ db, launch, port })));
    servers.splice(0, servers.length, ...restarted);
    const health = await manager.checkHealthNow();
    expect(health.healthyEndpoints).toEqual(urls());
    // Health alone does not close the circuit: each breaker lets a probe call through after its break.
    expect(manager.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    clock.increment(BREAK_MS);
    expect(manager.circuitState).toBe('halfOpen');
    await expect(manager.client.getTasks()).resolves.toEqual([]);
    expect(manager.circuitState).toBe('closed');
    expect(manager.status).toMatchObject({ link: 'healthy', circuitBreakerOpen: false });
    expect(statuses.map((status) => status.link)).toEqual(['degraded', 'healthy']);
  });

  it('counts each endpoint\'s calls, health checks and breaker transitions under an endpoint label', async () => {
    const scraped = parseExposition(await registry.metrics());
    const [first, second, third] = urls();
    const node = 'set-node';
    // The first endpoint took the first call, then refused two calls (its breaker opened) before the others took over.
    expect(valueOf(scraped, 'vcconn_calls_total', { node, endpoint: first ?? '', operation: 'getTasks', outcome: 'success' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(scraped, 'vcconn_failures_total', { node, endpoint: first ?? '', operation: 'getTasks', kind: 'network' })).toBe(2);
    expect(valueOf(scraped, 'vcconn_calls_total', { node, endpoint: second ?? '', operation: 'getTasks', outcome: 'success' })).toBeGreaterThanOrEqual(4);
    for (const endpoint of urls()) {
      expect(valueOf(scraped, 'vcconn_breaker_transitions_total', { node, endpoint, to: 'open' })).toBeGreaterThanOrEqual(1);
      expect(samplesOf(scraped, 'vcconn_health_check_duration_seconds_count', { node, endpoint }).length).toBeGreaterThan(0);
    }
    // The node's breaker gauge is the set's; each endpoint's own breaker has its gauge: the primary closed by the
    // call after the break, the two others still half-open (no call has tried them since).
    expect(valueOf(scraped, 'vcconn_breaker_state', { node, state: 'closed' })).toBe(1);
    expect(valueOf(scraped, 'vcconn_endpoint_breaker_state', { node, endpoint: first ?? '', state: 'closed' })).toBe(1);
    for (const endpoint of [second, third]) expect(valueOf(scraped, 'vcconn_endpoint_breaker_state', { node, endpoint: endpoint ?? '', state: 'half_open' })).toBe(1);
    expect(samplesOf(scraped, 'vcconn_calls_total', { node }).every((sample) => [first, second, third].includes(sample.labels.endpoint))).toBe(true);
  });

  it('isolate() isolates every endpoint until the handle is disposed; reset() resets every breaker', async () => {
    const handle = manager.isolate('maintenance');
    expect(manager.circuitState).toBe('isolated');
    const scraped = parseExposition(await registry.metrics());
    for (const endpoint of urls()) expect(valueOf(scraped, 'vcconn_endpoint_breaker_state', { node: 'set-node', endpoint, state: 'isolated' })).toBe(1);
    expect(manager.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    const refused = await manager.client.getTasks().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BrokenCircuitError);
    expect((refused as BrokenCircuitError).endpoints).toEqual(urls());
    manager.reset();
    expect(manager.circuitState).toBe('isolated');
    handle.dispose();
    expect(manager.circuitState).toBe('closed');
    expect(manager.status).toMatchObject({ link: 'healthy', circuitBreakerOpen: false });
    await expect(manager.client.getTasks()).resolves.toEqual([]);
  });
});
