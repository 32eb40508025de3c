import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { restartableServer } from './support/referenceServer.js';
import type { RestartableServer } from './support/referenceServer.js';
import { until } from './support/until.js';

let server: RestartableServer | undefined;
let manager: ConnectionManager | undefined;

afterEach(async () => {
  await manager?.dispose();
  await server?.close();
  manager = undefined;
  server = undefined;
});

const MINUTE = 60_000;

describe('ConnectionManager against the reference server stopped and restarted', () => {
  it('goes recovering -> offline, retries with backoff, and recovers once the server is back with its data', async () => {
    server = await restartableServer();
    const clock = new SimulatedClock();
    clock.set(Date.parse('2025-01-01T00:00:00Z'));
    const recoverStarts: number[] = [];
    manager = new ConnectionManager({
      baseUrl: server.url,
      clock,
      inspect: (event) => {
        if (event.type === '@xstate.actor' && (event.actorRef as { id?: unknown }).id === 'recover') recoverStarts.push(clock.now());
      },
    });
    const m = manager;
    const statuses: string[] = [];
    const timestamps: number[] = [];
    m.on('statusChanged', ({ current, timestamp }) => {
      statuses.push(`${current.client}/${current.link}`);
      timestamps.push(timestamp);
    });
    const start = clock.now();
    const task = await m.client.createTask({ name: 'survives the restart', type: 'HelloWorld' });

    clock.increment(MINUTE);
    await until(m.actor, (s) => s.context.lastHealth?.isHealthy === true);
    expect(m.lastHealthStatus).toMatchObject({ isHealthy: true, lastError: null, circuitBreakerOpen: false });

    await server.stop();
    clock.increment(MINUTE);
    await until(m.actor, (s) => s.context.link === 'offline');
    expect(m.lastHealthStatus).toMatchObject({ isHealthy: false, lastError: expect.stringMatching(/network error/) as string });
    expect(m.isUp()).toBe(false);

    // Still down: the retry 5 s later fails too, and the next wait doubles.
    clock.increment(5_000);
    await until(m.actor, (s) => s.context.link === 'offline' && s.context.recoveryAttempts === 2);
    expect(m.actor.getSnapshot().context.recoveryDelayMs).toBe(10_000);

    await server.start();
    clock.increment(10_000);
    await until(m.actor, (s) => s.context.link === 'healthy');

    expect(statuses).toEqual([
      'enhanced/recovering', 'enhanced/offline',
      'enhanced/recovering', 'enhanced/offline',
      'enhanced/recovering', 'enhanced/healthy',
    ]);
    expect(timestamps.map((t) => t - start)).toEqual([2 * MINUTE, 2 * MINUTE, 2 * MINUTE + 5_000, 2 * MINUTE + 5_000, 2 * MINUTE + 15_000, 2 * MINUTE + 15_000]);
    expect(recoverStarts.map((t) => t - start)).toEqual([2 * MINUTE, 2 * MINUTE + 5_000, 2 * MINUTE + 15_000]);
    expect(m.isUp()).toBe(true);
    await expect(m.client.getTaskById(task.id)).resolves.toMatchObject({ id: task.id, name: 'survives the restart' });
  });
});
