import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokenCircuitError } from '../../../src/errors/index.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { startHeldTaskServer } from './support/heldTaskServer.js';
import type { HeldTaskServer } from './support/heldTaskServer.js';
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

    // The open breaker refuses the health probe too (nothing is sent): the link stays degraded.
    const requests = server.requestCount;
    clock.increment(7_000);
    await until(m.actor, (s) => s.context.lastHealth !== null);
    expect(m.lastHealthStatus).toMatchObject({ isHealthy: false, responseTimeMs: 0, circuitBreakerOpen: true, failureCount: 3 });
    expect(server.requestCount).toBe(requests);
    expect(m.status.link).toBe('degraded');

    // At the end of the break the breaker lets one call through; it succeeds and closes the breaker. The link
    // stays degraded until a health probe succeeds too.
    server.failTasks = false;
    // One probe interval at a time: a SimulatedClock fires every timer due within one increment in the order they
    // were set, so crossing both the break and a probe at once would hand the half-open slot to that probe.
    for (const at of [14_000, 21_000, 28_000]) {
      clock.increment(7_000);
      await until(m.actor, (s) => s.context.lastHealth?.at === at);
    }
    clock.increment(2_000);
    await expect(m.client.getTasks()).resolves.toEqual([]);
    expect(m.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: false });
    clock.increment(7_000);
    await until(m.actor, (s) => s.context.link === 'healthy');
    expect(m.lastHealthStatus).toMatchObject({ isHealthy: true, circuitBreakerOpen: false, lastError: null });
    expect(statuses).toEqual(['degraded+open', 'degraded', 'healthy']);
  });
});
