import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import type { ConnectionManagerOptions } from '../../../src/manager/options.js';
import { startServer } from '../../../src/server/index.js';
import type { RunningServer } from '../../../src/server/index.js';

let servers: RunningServer[] = [];
let manager: ConnectionManager | undefined;
const dir = mkdtempSync(join(tmpdir(), 'vcconn-set-controls-'));

beforeAll(async () => {
  servers = await Promise.all([startServer({ port: 0 }), startServer({ port: 0 })]);
});

afterEach(async () => {
  await manager?.dispose();
  manager = undefined;
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** A manager over the two in-process reference servers, on a SimulatedClock (no timer fires unless moved). */
function start(options: Partial<ConnectionManagerOptions> = {}): ConnectionManager {
  const urls = servers.map((server) => server.url);
  manager = new ConnectionManager({
    baseUrl: urls[0] ?? '',
    apiSettings: { baseUrls: urls, enableAutoRecovery: false },
    connection: { maxRetryAttempts: 0 },
    clock: new SimulatedClock(),
    networkWatch: false,
    ...options,
  });
  return manager;
}

describe('ConnectionManager over several servers: switching, recreating, state file', () => {
  it('switches to the Standard client over the set (no breaker: isolation refuses calls at the manager) and back', async () => {
    const m = start();
    expect(await m.switchToStandardClient()).toBe(true);
    expect(m.currentClientType).toBe('standard');
    expect(m.circuitState).toBeUndefined();
    await expect(m.client.getTasks()).resolves.toEqual([]);
    expect((await m.checkHealthNow()).healthyEndpoints).toEqual(servers.map((server) => server.url));

    const handle = m.isolate('maintenance');
    await expect(m.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
    handle.dispose();
    await expect(m.client.getTasks()).resolves.toEqual([]);

    expect(await m.switchToEnhancedClient()).toBe(true);
    expect(m.circuitState).toBe('closed');
    await expect(m.client.getTasks()).resolves.toEqual([]);
  });

  it('carries an isolation over a recreated set: the new set\'s endpoints are isolated before it takes calls', async () => {
    const m = start();
    const handle = m.isolate('maintenance');
    expect(await m.recreateConnection()).toBe(true);
    expect(m.circuitState).toBe('isolated');
    const refused = await m.client.getTasks().catch((error: unknown) => error);
    expect((refused as BrokenCircuitError).endpoints).toEqual(servers.map((server) => server.url));
    handle.dispose();
    expect(m.circuitState).toBe('closed');
    await expect(m.client.getTasks()).resolves.toEqual([]);
  });

  it('saves the link and client type to the state file (no breaker for a set) and starts again from it', async () => {
    const stateFile = join(dir, 'state.json');
    const m = start({ stateFile });
    const handle = m.isolate('maintenance');
    await m.saveState();
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { connection: { link: string; client: string }; clients: Record<string, { breaker: unknown }> };
    expect(saved.connection).toMatchObject({ link: 'degraded', client: 'enhanced' });
    expect(saved.clients).toEqual({ enhanced: { breaker: null } });
    // Disposed while isolated: the final save keeps the degraded link.
    await m.dispose();
    handle.dispose();

    const again = start({ stateFile });
    // The set's breakers start closed; the saved link holds until the next health check says otherwise.
    expect(again.circuitState).toBe('closed');
    expect(again.status.link).toBe('degraded');
    await again.checkHealthNow();
    expect(again.status).toMatchObject({ link: 'healthy', circuitBreakerOpen: false });
    await expect(again.client.getTasks()).resolves.toEqual([]);
  });
});

/** A blackholed server: accepts connections and reads requests, never answers. Counts the requests it swallowed. */
async function startBlackhole(): Promise<{ url: string; readonly requests: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let requests = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => {
      requests += chunk.toString('latin1').split('\r\n\r\n').length - 1;
    });
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('ConnectionManager over several servers: a replica blackholed', () => {
  it('a call to the silent server times out and fails over; once its breaker opens calls skip it, the link stays healthy', async () => {
    const blackhole = await startBlackhole();
    try {
      const clock = new SimulatedClock();
      clock.set(Date.now());
      const urls = [blackhole.url, ...servers.map((server) => server.url)];
      manager = new ConnectionManager({
        baseUrl: blackhole.url,
        apiSettings: { baseUrls: urls, enableAutoRecovery: false },
        // A first attempt's timeout is the request's own (a real timer, not the clock's): kept short.
        connection: { maxRetryAttempts: 0, defaultTimeoutSeconds: 0.2, circuitBreakerFailureThreshold: 2, circuitBreakerMinimumThroughput: 1 },
        clock,
        networkWatch: false,
      });
      const m = manager;
      for (let call = 1; call <= 2; call += 1) {
        // Sent to the primary, which swallows it; its timeout is a failure of that endpoint, and a GET moves on.
        await expect(m.client.getTasks()).resolves.toEqual([]);
        expect(blackhole.requests).toBe(call);
      }
      expect(m.status).toMatchObject({ link: 'healthy', circuitBreakerOpen: false });
      expect(m.circuitState).toBe('closed');
      // The primary's breaker is open: calls go straight to the next server, nothing more reaches the blackhole.
      await expect(m.client.getTasks()).resolves.toEqual([]);
      expect(blackhole.requests).toBe(2);
    } finally {
      await manager?.dispose();
      manager = undefined;
      await blackhole.close();
    }
  });

  it('a health check over the set waits for the silent endpoint\'s own probe timeout: healthy, that endpoint named unhealthy', async () => {
    const blackhole = await startBlackhole();
    try {
      // Real timers: the monitor's timeout and the endpoints' probe timeouts race on the same clock here.
      manager = new ConnectionManager({
        baseUrl: blackhole.url,
        apiSettings: { baseUrls: [blackhole.url, ...servers.map((server) => server.url)], enableAutoRecovery: false },
        connection: { healthCheckTimeoutSeconds: 0.3 },
        networkWatch: false,
      });
      const health = await manager.checkHealthNow();
      expect(health.isHealthy).toBe(true);
      expect(health.healthyEndpoints).toEqual(servers.map((server) => server.url));
      expect(health.endpoints?.[0]).toMatchObject({ url: blackhole.url, isHealthy: false });
      expect(manager.status.link).toBe('healthy');
    } finally {
      await manager?.dispose();
      manager = undefined;
      await blackhole.close();
    }
  });
});
