import type os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { disposeManagers, flush, startManager } from './support/startManager.js';

afterEach(disposeManagers);

const MINUTE = 60_000;

describe('ConnectionManager: health monitor', () => {
  it('probes the current client every HealthCheckIntervalMinutes while healthy', async () => {
    const c = startManager({ apiSettings: { healthCheckIntervalMinutes: 2 } });
    const client = c.factory.created[0];
    await c.advance(2 * MINUTE - 1);
    expect(client?.healthChecks).toBe(0);
    expect(c.manager.lastHealthStatus).toBeNull();
    await c.advance(1);
    expect(client?.healthChecks).toBe(1);
    await c.advance(2 * MINUTE);
    expect(client?.healthChecks).toBe(2);
    expect(c.manager.lastHealthStatus).toEqual({
      isHealthy: true, responseTimeMs: 4, lastError: null, lastChecked: 1_000_000 + 4 * MINUTE,
      circuitBreakerOpen: false, failureCount: 0, serverVersion: '3.1.0',
    });
  });

  it('counts a probe slower than HealthCheckTimeoutSeconds as failed', async () => {
    const c = startManager({ connection: { healthCheckTimeoutSeconds: 3 }, apiSettings: { enableAutoRecovery: false } });
    c.server.holdHealth = true;
    await c.advance(MINUTE);
    await c.advance(2_999);
    expect(c.link()).toBe('healthy');
    await c.advance(1);
    expect(c.link()).toBe('degraded');
    expect(c.manager.lastHealthStatus).toMatchObject({ isHealthy: false, responseTimeMs: 3_000, lastError: 'health check timed out after 3000 ms' });
  });

  it('probes every DegradedHealthCheckIntervalSeconds while degraded, and slows down once healthy', async () => {
    const c = startManager({ connection: { degradedHealthCheckIntervalSeconds: 7 }, apiSettings: { enableAutoRecovery: false } });
    const client = c.factory.created[0];
    c.server.up = false;
    await c.advance(MINUTE);
    expect(c.link()).toBe('degraded');
    await c.advance(7_000);
    await c.advance(7_000);
    expect(client?.healthChecks).toBe(3);
    c.server.up = true;
    await c.advance(7_000);
    expect(c.link()).toBe('healthy');
    await c.advance(MINUTE - 1);
    expect(client?.healthChecks).toBe(4);
    await c.advance(1);
    expect(client?.healthChecks).toBe(5);
    expect(c.statuses).toEqual(['enhanced/degraded', 'enhanced/healthy']);
  });

  it('reports the breaker: opened degrades the link, closed restores it; a swapped-out breaker is no longer followed', async () => {
    const c = startManager();
    const enhanced = c.factory.created[0];
    enhanced?.breaker?.emit('breaker.opened');
    expect(c.manager.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    await c.advance(5_000);
    expect(c.manager.lastHealthStatus).toMatchObject({ isHealthy: true, circuitBreakerOpen: true });
    enhanced?.breaker?.emit('breaker.halfOpen');
    expect(c.manager.status.link).toBe('degraded');
    enhanced?.breaker?.emit('breaker.closed');
    expect(c.manager.status).toMatchObject({ link: 'healthy', circuitBreakerOpen: false });

    await c.manager.switchToStandardClient();
    expect(enhanced?.breaker?.listenerCount).toBe(0);
    enhanced?.breaker?.emit('breaker.isolated');
    expect(c.manager.status.link).toBe('healthy');
    await c.manager.switchToEnhancedClient();
    c.factory.created[2]?.breaker?.emit('breaker.isolated');
    expect(c.manager.status).toMatchObject({ client: 'enhanced', link: 'degraded', circuitBreakerOpen: true });
  });
});

describe('ConnectionManager: network changes', () => {
  const lan: os.NetworkInterfaceInfo = { address: '10.1.2.3', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '10.1.2.3/24' };
  const tunnel: os.NetworkInterfaceInfo = { ...lan, address: '172.16.0.9', cidr: '172.16.0.9/16' };

  afterEach(() => {
    vi.useRealTimers();
  });

  it('probes at once when the addresses change (a VPN comes up), not at the next interval, and stops watching on dispose', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const network = { interfaces: { eth0: [lan] } as NodeJS.Dict<os.NetworkInterfaceInfo[]> };
    const c = startManager({ networkWatch: { intervalMs: 5_000, readInterfaces: () => network.interfaces } });
    const client = c.factory.created[0];
    vi.advanceTimersByTime(10_000);
    await c.advance(0);
    expect(client?.healthChecks).toBe(0);

    network.interfaces = { eth0: [lan], tun0: [tunnel] };
    vi.advanceTimersByTime(5_000);
    await c.advance(0);
    expect(client?.healthChecks).toBe(1);
    expect(c.manager.lastHealthStatus).toMatchObject({ isHealthy: true, lastChecked: 1_000_000 });

    // The VPN drops and the server is out of reach: the loss is seen at once and recovery starts.
    network.interfaces = { eth0: [lan] };
    c.server.up = false;
    vi.advanceTimersByTime(5_000);
    await c.advance(0);
    expect(client?.healthChecks).toBe(2);
    expect(c.statuses).toContain('enhanced/recovering');

    await c.manager.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('watches nothing with networkWatch false', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    startManager({ networkWatch: false });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses an interval that is not a positive number of milliseconds', () => {
    expect(() => startManager({ networkWatch: { intervalMs: 0 } })).toThrow(/networkWatch.intervalMs/);
  });
});

describe('ConnectionManager: recovery', () => {
  it('lost health starts recovery: the same type recreated, then the other type; the one that passes takes over', async () => {
    const c = startManager();
    c.server.brokenTypes.add('enhanced');
    await c.advance(MINUTE);
    expect(c.factory.types()).toEqual(['enhanced', 'enhanced', 'standard']);
    expect(c.manager.currentClientType).toBe('standard');
    expect(c.factory.created[0]?.disposed).toBe(true);
    expect(c.factory.created[1]?.disposed).toBe(true);
    expect(c.statuses).toEqual(['enhanced/recovering', 'standard/healthy']);
    expect(c.messages).toEqual(['Connection lost; recovery attempt 1', 'Connection recovered with the standard client']);
  });

  it('after a recovery the health status is the probe the new client passed, not the failed check before it', async () => {
    const c = startManager();
    c.server.brokenTypes.add('enhanced');
    await c.advance(MINUTE);
    expect(c.manager.status.link).toBe('healthy');
    expect(c.manager.lastHealthStatus).toEqual({
      isHealthy: true, responseTimeMs: 4, lastError: null, lastChecked: 1_000_000 + MINUTE,
      circuitBreakerOpen: false, failureCount: 0, serverVersion: '3.1.0',
    });
    // The monitor's next check is newer again and takes over.
    c.server.up = false;
    await c.advance(MINUTE);
    expect(c.manager.lastHealthStatus).toMatchObject({ isHealthy: false, lastChecked: 1_000_000 + 2 * MINUTE });
  });

  it('when both types fail the link goes offline and recovery is retried with a doubling delay', async () => {
    const c = startManager({ connection: { degradedHealthCheckIntervalSeconds: 5 }, apiSettings: { healthCheckIntervalMinutes: 1 } });
    c.server.up = false;
    await c.advance(MINUTE);
    expect(c.link()).toBe('offline');
    for (const delay of [5_000, 10_000, 20_000, 40_000, 60_000]) {
      await c.advance(delay - 1);
      const before = c.runs('recover');
      await c.advance(1);
      expect(c.runs('recover')).toBe(before + 1);
    }
    expect(c.startedAt('recover')).toEqual([MINUTE, MINUTE + 5_000, MINUTE + 15_000, MINUTE + 35_000, MINUTE + 75_000, MINUTE + 135_000]);
    c.server.up = true;
    await c.advance(60_000);
    expect(c.link()).toBe('healthy');
    expect(c.statuses).toEqual([
      ...Array.from({ length: 6 }, () => ['enhanced/recovering', 'enhanced/offline']).flat(),
      'enhanced/recovering', 'enhanced/healthy',
    ]);
    // Every client that failed its test was disposed; only the current one is left.
    expect(c.factory.created.filter((client) => !client.disposed)).toHaveLength(1);
  });

  it('concurrent tryAutoRecoverConnection calls join one recovery', async () => {
    const c = startManager({ apiSettings: { enableAutoRecovery: false } });
    c.server.up = false;
    await c.advance(MINUTE);
    expect(c.link()).toBe('degraded');
    c.server.holdHealth = true;
    const calls = [c.manager.tryAutoRecoverConnection(), c.manager.tryAutoRecoverConnection(), c.manager.tryAutoRecoverConnection()];
    await flush();
    expect(c.link()).toBe('recovering');
    expect(c.runs('recover')).toBe(1);
    c.server.up = true;
    c.server.releaseHealth();
    await expect(Promise.all(calls)).resolves.toEqual([true, true, true]);
    expect(c.runs('recover')).toBe(1);
    expect(c.link()).toBe('healthy');
    expect(c.statuses).toEqual(['enhanced/degraded', 'enhanced/recovering', 'enhanced/healthy']);
  });

  it('tryAutoRecoverConnection joins a recovery the monitor started, and resolves false when it ends offline', async () => {
    const c = startManager();
    c.server.up = false;
    c.server.holdHealth = true;
    await c.advance(MINUTE);
    c.server.releaseHealth();
    c.server.holdHealth = true;
    await flush();
    expect(c.link()).toBe('recovering');
    const joined = c.manager.tryAutoRecoverConnection();
    c.server.releaseHealth();
    await expect(joined).resolves.toBe(false);
    expect(c.link()).toBe('offline');
    expect(c.runs('recover')).toBe(1);
    expect(c.messages).toContain('Recovery already in progress; joining it');
  });

  it('tryAutoRecoverConnection on a healthy link resolves true without recovering', async () => {
    const c = startManager();
    await expect(c.manager.tryAutoRecoverConnection()).resolves.toBe(true);
    expect(c.runs('recover')).toBe(0);
    expect(c.messages).toEqual(['Connection is healthy; nothing to recover']);
  });

  it('without EnableAutoRecovery a lost link stays degraded and offline is not retried', async () => {
    const c = startManager({ apiSettings: { enableAutoRecovery: false } });
    c.server.up = false;
    await c.advance(MINUTE);
    await expect(c.manager.tryAutoRecoverConnection()).resolves.toBe(false);
    expect(c.link()).toBe('offline');
    await c.advance(10 * MINUTE);
    expect(c.runs('recover')).toBe(1);
  });
});
