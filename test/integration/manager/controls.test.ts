import { Registry } from 'prom-client';
import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokenCircuitError, ClientDisposedError, InvalidArgumentError } from '../../../src/errors/index.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { resolveConnectionManagerOptions } from '../../../src/manager/options.js';
import type { ConnectionManagerOptions } from '../../../src/manager/options.js';
import { startHeldTaskServer } from './support/heldTaskServer.js';
import { until } from './support/until.js';
import type { HeldTaskServer } from './support/heldTaskServer.js';

let server: HeldTaskServer | undefined;
let manager: ConnectionManager | undefined;

afterEach(async () => {
  await manager?.dispose();
  await server?.close();
  manager = undefined;
  server = undefined;
});

const breaker = { maxRetryAttempts: 0, circuitBreakerFailureThreshold: 3, circuitBreakerMinimumThroughput: 3, circuitBreakerBreakDurationSeconds: 30 };

/** A manager on a SimulatedClock (no timer fires unless the test moves it) over a real loopback server. */
async function start(options: Partial<ConnectionManagerOptions> = {}): Promise<{ m: ConnectionManager; s: HeldTaskServer; clock: SimulatedClock }> {
  server = await startHeldTaskServer();
  const clock = new SimulatedClock();
  manager = new ConnectionManager({
    baseUrl: server.url, clock, connection: breaker, apiSettings: { enableAutoRecovery: false }, networkWatch: false, ...options,
  });
  return { m: manager, s: server, clock };
}

describe('ConnectionManager.isolate(reason)', () => {
  it('refuses every API call while any handle is held; disposing one leaves the other in force, disposing both closes', async () => {
    const { m, s } = await start();
    const maintenance = m.isolate('maintenance');
    const deploy = m.isolate('deploy');
    expect(m.circuitState).toBe('isolated');
    expect(m.isolations).toEqual(['maintenance', 'deploy']);
    expect(m.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    await expect(m.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);

    maintenance.dispose();
    maintenance.dispose();
    expect(maintenance.active).toBe(false);
    expect(m.circuitState).toBe('isolated');
    expect(m.isolations).toEqual(['deploy']);
    await expect(m.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(s.requestCount).toBe(0);

    deploy.dispose();
    expect(m.circuitState).toBe('closed');
    expect(m.status).toMatchObject({ link: 'healthy', circuitBreakerOpen: false });
    await expect(m.client.getTasks()).resolves.toEqual([]);
    expect(s.requestCount).toBe(1);
  });

  it('reset() while isolated forgets the failure counts but keeps the isolation', async () => {
    const { m, s } = await start();
    s.failTasks = true;
    for (let i = 0; i < 2; i++) await expect(m.client.getTasks()).rejects.toMatchObject({ status: 503 });
    const handle = m.isolate('maintenance');
    m.reset();
    expect(m.circuitState).toBe('isolated');
    await expect(m.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
    handle.dispose();
    // The two failures before the isolation were forgotten by the reset: it takes three more to open.
    for (let i = 0; i < 2; i++) await expect(m.client.getTasks()).rejects.toMatchObject({ status: 503 });
    expect(m.circuitState).toBe('closed');
    await expect(m.client.getTasks()).rejects.toMatchObject({ status: 503 });
    expect(m.circuitState).toBe('open');
    m.reset();
    expect(m.circuitState).toBe('closed');
    expect(m.status).toMatchObject({ circuitBreakerOpen: false });
  });

  it('keeps an isolation across client swaps; with the Standard client (no breaker) the manager refuses the calls itself', async () => {
    const { m, s } = await start();
    const handle = m.isolate('maintenance');
    expect(await m.switchToStandardClient()).toBe(true);
    expect(m.circuitState).toBeUndefined();
    await expect(m.client.getTasks()).rejects.toMatchObject({ code: 'ERR_CIRCUIT_OPEN', operation: 'getTasks' });
    expect(await m.switchToEnhancedClient()).toBe(true);
    expect(m.circuitState).toBe('isolated');
    await expect(m.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
    const probes = s.requestCount;
    expect(await m.client.testConnection()).toBe(true); // health probes are never refused
    expect(s.requestCount).toBe(probes + 1);
    handle.dispose();
    expect(m.circuitState).toBe('closed');
    await expect(m.client.getTasks()).resolves.toEqual([]);
  });

  it('checks its reason, and returns an inactive handle after dispose()', async () => {
    const { m } = await start();
    expect(() => m.isolate('  ')).toThrow(InvalidArgumentError);
    expect(() => m.isolate('x'.repeat(201))).toThrow(/ConnectionManager.isolate: invalid argument reason/);
    expect(m.isolate().reason).toBe('isolated by hand');
    await m.dispose();
    const late = m.isolate('late');
    expect(late.active).toBe(false);
    late.dispose();
    m.reset();
  });
});

describe('ConnectionManager.checkHealthNow()', () => {
  it('probes at once (no timer moved), resolves with the status, and counts the probe in the metrics', async () => {
    const registry = new Registry();
    const { m, s } = await start({ metrics: { registry }, nodeId: 'node-now' });
    expect(m.lastHealthStatus).toBeNull();
    const status = await m.checkHealthNow();
    expect(status).toMatchObject({ isHealthy: true, lastError: null, circuitBreakerOpen: false, serverVersion: 'held-1' });
    expect(m.lastHealthStatus).toEqual(status);
    expect(s.requestCount).toBe(1);
    const [second, third] = await Promise.all([m.checkHealthNow(), m.checkHealthNow()]);
    expect(second).toEqual(third); // the second call joined the running probe
    expect(s.requestCount).toBe(2);
    const text = await registry.metrics();
    expect(text).toMatch(/vcconn_health_check_duration_seconds_count\{[^}]*node="node-now"[^}]*outcome="healthy"[^}]*\} 2/);
  });

  it('reports a failed probe and moves the link as any health check does', async () => {
    const { m, s } = await start();
    await s.close();
    const status = await m.checkHealthNow();
    expect(status).toMatchObject({ isHealthy: false, lastError: expect.stringMatching(/ECONNREFUSED/) as unknown });
    expect(m.status.link).toBe('degraded');
  });

  it('rejects with ClientDisposedError after dispose(), and when disposed mid-probe', async () => {
    const { m } = await start();
    const pending = m.checkHealthNow();
    await m.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_CLIENT_DISPOSED', operation: 'checkHealthNow' });
    await expect(m.checkHealthNow()).rejects.toBeInstanceOf(ClientDisposedError);
  });
});

describe('checkHealthAtStart', () => {
  it('probes once at construction, without any timer moving, and learns the server at once', async () => {
    const { m, s } = await start({ checkHealthAtStart: true });
    await until(m.actor, (snapshot) => snapshot.context.lastHealth !== null);
    expect(m.lastHealthStatus).toMatchObject({ isHealthy: true, serverVersion: 'held-1' });
    expect(s.requestCount).toBe(1);
  });

  it('is off by default', () => {
    expect(resolveConnectionManagerOptions({ baseUrl: 'http://127.0.0.1:1' }).checkHealthAtStart).toBe(false);
  });
});
