import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionHealthStatus } from '../../../src/api/ApiClient.js';
import { ConfigError, ClientDisposedError, InvalidArgumentError } from '../../../src/errors/index.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import type { LinkStatus } from '../../../src/api/LinkStatus.js';
import { InvalidMachineSettingsError } from '../../../machines/settingsError.js';
import { FakeServer, fakeFactory } from './support/fakes.js';
import { disposeManagers, flush, startManager } from './support/startManager.js';

afterEach(disposeManagers);

describe('ConnectionManager: options', () => {
  const { createClient } = fakeFactory(new FakeServer());

  it('rejects a missing or non-http base URL with InvalidArgumentError naming baseUrl', () => {
    for (const baseUrl of ['', 'localhost:5289', 'ftp://127.0.0.1/']) {
      expect(() => new ConnectionManager({ baseUrl, createClient })).toThrow(InvalidArgumentError);
    }
    expect(() => new ConnectionManager({ baseUrl: 'nope', createClient })).toThrow(/baseUrl/);
  });

  it('rejects a bad Connection value with ConfigError and a bad ApiSettings value naming the key', () => {
    expect(() => new ConnectionManager({ baseUrl: 'http://127.0.0.1:1', createClient, connection: { healthCheckTimeoutSeconds: -1 } }))
      .toThrow(ConfigError);
    expect(() => new ConnectionManager({ baseUrl: 'http://127.0.0.1:1', createClient, apiSettings: { healthCheckIntervalMinutes: 0 } }))
      .toThrow(InvalidMachineSettingsError);
  });

  it('hands the factory the base URL, and the facade reports it', () => {
    const c = startManager({ baseUrl: 'http://127.0.0.1:7001' });
    expect(c.factory.created[0]?.baseUrl).toBe('http://127.0.0.1:7001');
    expect(c.manager.client.baseUrl).toBe('http://127.0.0.1:7001');
  });
});

describe('ConnectionManager: events and link status', () => {
  it('statusChanged carries previous, current and the clock time; listeners unsubscribe', async () => {
    const c = startManager({ apiSettings: { enableAutoRecovery: false } });
    const seen: string[] = [];
    const off = c.manager.on('statusChanged', ({ previous, current, timestamp }) => seen.push(`${previous.link}->${current.link}@${timestamp}`));
    c.server.up = false;
    await c.advance(60_000);
    off();
    c.server.up = true;
    await c.advance(5_000);
    expect(seen).toEqual(['healthy->degraded@1060000']);
    expect(c.statuses).toEqual(['enhanced/degraded', 'enhanced/healthy']);
  });

  it('is a LinkStatus: up while healthy or degraded, onChange fires only when that flips', async () => {
    const c = startManager();
    const link: LinkStatus = c.manager;
    const changes: boolean[] = [];
    link.onChange((up) => changes.push(up));
    c.factory.created[0]?.breaker?.emit('breaker.opened');
    expect(link.isUp()).toBe(true);
    c.server.up = false;
    await c.advance(5_000);
    expect(c.link()).toBe('offline');
    expect(link.isUp()).toBe(false);
    c.server.up = true;
    await c.advance(5_000);
    expect(link.isUp()).toBe(true);
    expect(changes).toEqual([false, true]);
  });

  it('a listener that throws does not stop the others', () => {
    const c = startManager();
    const seen: string[] = [];
    c.manager.on('message', () => {
      throw new Error('listener bug');
    });
    c.manager.on('message', ({ text }) => seen.push(text));
    c.factory.created[0]?.breaker?.emit('breaker.opened');
    void c.manager.tryAutoRecoverConnection();
    expect(seen).toHaveLength(1);
  });
});

describe('ConnectionManager: dispose', () => {
  it('stops every actor, disposes every client and rejects later calls', async () => {
    const c = startManager();
    await c.manager.switchToStandardClient();
    await c.manager.dispose();
    expect(c.manager.actor.getSnapshot().status).toBe('stopped');
    expect(c.factory.created.every((client) => client.disposed)).toBe(true);
    await expect(c.manager.client.sendHeartbeat('n')).rejects.toBeInstanceOf(ClientDisposedError);
    await expect(c.manager.switchToEnhancedClient()).rejects.toMatchObject({ code: 'ERR_CLIENT_DISPOSED', operation: 'switchToEnhancedClient' });
    await expect(c.manager.tryAutoRecoverConnection()).rejects.toMatchObject({ operation: 'tryAutoRecoverConnection' });
    expect(c.manager.isUp()).toBe(false);
    await c.advance(10 * 60_000);
    expect(c.factory.created.map((client) => client.healthChecks)).toEqual([0, 1]);
  });

  it('mid-switch: the pending switch resolves false and the candidate under test is disposed', async () => {
    const c = startManager();
    c.server.holdHealth = true;
    const switching = c.manager.switchToStandardClient();
    await flush();
    expect(c.factory.created).toHaveLength(2);
    await c.manager.dispose();
    await expect(switching).resolves.toBe(false);
    expect(c.factory.created.map((client) => client.disposed)).toEqual([true, true]);
  });

  it('mid-recovery: the joined recovery resolves false and in-flight calls reject with ClientDisposedError', async () => {
    const c = startManager({ apiSettings: { enableAutoRecovery: false } });
    c.server.holdCalls = true;
    const call = c.manager.client.sendHeartbeat('n');
    c.factory.created[0]?.breaker?.emit('breaker.opened');
    c.server.holdHealth = true;
    const recovery = c.manager.tryAutoRecoverConnection();
    await flush();
    await c.manager.dispose();
    await expect(recovery).resolves.toBe(false);
    await expect(call).rejects.toBeInstanceOf(ClientDisposedError);
    expect(c.factory.created.every((client) => client.disposed)).toBe(true);
  });

  it('client.dispose() disposes the manager, and dispose is idempotent', async () => {
    const c = startManager();
    const first = c.manager.client.dispose();
    expect(c.manager.dispose()).toBe(first);
    await first;
    expect(c.manager.actor.getSnapshot().status).toBe('stopped');
  });

  it('combines the probe with the current client failure count in lastHealthStatus', async () => {
    const c = startManager();
    const client = c.factory.created[0];
    if (client !== undefined) client.failureCount = 2;
    c.server.up = false;
    c.server.brokenTypes.add('standard');
    await c.advance(60_000);
    const status: ConnectionHealthStatus | null = c.manager.lastHealthStatus;
    expect(status).toEqual({
      isHealthy: false, responseTimeMs: 4, lastError: 'connect ECONNREFUSED 127.0.0.1:5289', lastChecked: 1_060_000,
      circuitBreakerOpen: false, failureCount: 2, serverVersion: '',
    });
  });
});
