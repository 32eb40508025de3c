import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { BrokenCircuitError } from '../../../src/errors/index.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { startHeldTaskServer } from './support/heldTaskServer.js';
import type { HeldTaskServer } from './support/heldTaskServer.js';
import { recordingFactory } from './support/recordingClients.js';
import { until } from './support/until.js';

let server: HeldTaskServer | undefined;
let manager: ConnectionManager | undefined;

afterEach(async () => {
  await manager?.dispose();
  await server?.close();
  manager = undefined;
  server = undefined;
});

describe('ConnectionManager follows the Enhanced client breaker over real HTTP', () => {
  it('the breaker opening degrades the link; closing again after the break restores it', async () => {
    server = await startHeldTaskServer();
    const clock = new SimulatedClock();
    manager = new ConnectionManager({
      baseUrl: server.url,
      clock,
      connection: { degradedHealthCheckIntervalSeconds: 7, maxRetryAttempts: 0, circuitBreakerFailureThreshold: 3, circuitBreakerMinimumThroughput: 3, circuitBreakerBreakDurationSeconds: 30 },
      apiSettings: { enableAutoRecovery: false },
    });
    const m = manager;
    const statuses: string[] = [];
    m.on('statusChanged', ({ current }) => statuses.push(`${current.link}${current.circuitBreakerOpen ? '+open' : ''}`));

    server.failTasks = true;
    for (let i = 0; i < 3; i++) await expect(m.client.getTasks()).rejects.toMatchObject({ status: 503 });
    expect(m.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    expect(m.isUp()).toBe(true);
    await expect(m.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);

    // The health probe goes out despite the open breaker: the server is fine, so the link stays degraded (the
    // breaker is still open) and nothing is recovered.
    const requests = server.requestCount;
    clock.increment(7_000);
    await until(m.actor, (s) => s.context.lastHealth !== null);
    expect(m.lastHealthStatus).toMatchObject({ isHealthy: true, circuitBreakerOpen: true });
    expect(server.requestCount).toBe(requests + 1);
    expect(m.status.link).toBe('degraded');

    // At the end of the break the breaker lets one API call through (health probes never take the half-open
    // slot); it succeeds and closes the breaker, and with the last health check OK the link is healthy at once.
    server.failTasks = false;
    for (const at of [14_000, 21_000, 28_000]) {
      clock.increment(7_000);
      await until(m.actor, (s) => s.context.lastHealth?.at === at);
    }
    expect(m.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    clock.increment(2_000);
    await expect(m.client.getTasks()).resolves.toEqual([]);
    await until(m.actor, (s) => s.context.link === 'healthy');
    expect(m.status).toMatchObject({ link: 'healthy', circuitBreakerOpen: false });
    expect(statuses).toEqual(['degraded+open', 'healthy']);
  });
});

describe('an open breaker behind a healthy server is not a lost connection', () => {
  it('with auto-recovery on, 503s from api/tasks while api/health answers 200 keep the client: degraded while the breaker is open, healthy once it closes', async () => {
    server = await startHeldTaskServer();
    const clock = new SimulatedClock();
    const connection = { degradedHealthCheckIntervalSeconds: 7, maxRetryAttempts: 0, circuitBreakerFailureThreshold: 3, circuitBreakerMinimumThroughput: 3, circuitBreakerBreakDurationSeconds: 30 };
    const factory = recordingFactory({ clock, now: () => clock.now(), connection });
    const recoverRuns: number[] = [];
    manager = new ConnectionManager({
      baseUrl: server.url,
      clock,
      connection,
      createClient: factory.createClient,
      apiSettings: { enableAutoRecovery: true },
      inspect: (event) => {
        if (event.type === '@xstate.actor' && (event.actorRef as { id?: unknown }).id === 'recover') recoverRuns.push(clock.now());
      },
    });
    const m = manager;
    const [client] = factory.created;
    if (!(client instanceof EnhancedApiClient)) throw new Error('expected the manager to start with an Enhanced client');
    const links: string[] = [];
    m.on('statusChanged', ({ current }) => links.push(`${current.link}${current.circuitBreakerOpen ? '+open' : ''}`));
    const probeOnce = async (): Promise<void> => {
      clock.increment(7_000);
      const at = clock.now();
      await until(m.actor, (s) => s.context.lastHealth?.at === at);
    };

    server.failTasks = true;
    for (let i = 0; i < 3; i++) await expect(m.client.getTasks()).rejects.toMatchObject({ status: 503 });
    expect(m.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });

    // Four health probes while the breaker is open: each reaches the server and finds it healthy.
    for (let i = 0; i < 4; i++) {
      await probeOnce();
      expect(m.lastHealthStatus).toMatchObject({ isHealthy: true, circuitBreakerOpen: true });
      expect(m.status.link).toBe('degraded');
    }
    // The break is over: the half-open call still gets a 503 and opens the breaker again; still no recovery.
    clock.increment(2_000);
    expect(client.circuitState).toBe('halfOpen');
    await expect(m.client.getTasks()).rejects.toMatchObject({ status: 503 });
    expect(client.circuitState).toBe('open');

    server.failTasks = false;
    for (let i = 0; i < 20 && client.circuitState !== 'halfOpen'; i++) {
      await probeOnce();
      expect(m.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    }
    expect(client.circuitState).toBe('halfOpen');
    await expect(m.client.getTasks()).resolves.toEqual([]);
    await until(m.actor, (s) => s.context.link === 'healthy');

    expect(client.circuitState).toBe('closed');
    expect(m.status).toMatchObject({ link: 'healthy', circuitBreakerOpen: false });
    expect(recoverRuns).toEqual([]);
    expect(factory.created).toEqual([client]);
    expect(client.inFlightAtDispose).toBeNull();
    expect(links).toEqual(['degraded+open', 'healthy']);
  });
});
