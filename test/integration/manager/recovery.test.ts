import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { recordingFactory } from './support/recordingClients.js';
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

describe('ConnectionManager: recoveries over real HTTP', () => {
  it('never runs two recoveries at once: concurrent tryAutoRecoverConnection calls join one recover actor', async () => {
    server = await restartableServer();
    const clock = new SimulatedClock();
    const factory = recordingFactory({ clock, now: () => clock.now() });
    let running = 0;
    let mostAtOnce = 0;
    const recoverRuns: string[] = [];
    manager = new ConnectionManager({
      baseUrl: server.url,
      clock,
      createClient: factory.createClient,
      apiSettings: { enableAutoRecovery: false },
      inspect: (event) => {
        if (event.type === '@xstate.actor' && (event.actorRef as { id?: unknown }).id === 'recover') recoverRuns.push('recover');
      },
    });
    const m = manager;
    m.on('message', ({ text }) => {
      if (text.startsWith('Connection lost; recovery attempt')) mostAtOnce = Math.max(mostAtOnce, ++running);
      if (text.startsWith('Connection recovered') || text.startsWith('Recovery failed')) running -= 1;
    });

    await server.stop();
    clock.increment(60_000);
    await until(m.actor, (s) => s.context.link === 'degraded');

    const whileDown = Array.from({ length: 5 }, () => m.tryAutoRecoverConnection());
    expect(new Set(whileDown).size).toBe(1);
    await expect(Promise.all(whileDown)).resolves.toEqual([false, false, false, false, false]);
    expect(recoverRuns).toHaveLength(1);
    expect(m.actor.getSnapshot().context.link).toBe('offline');
    // The recovery tried a fresh Enhanced client, then a Standard one; both failed their test and were disposed.
    expect(factory.created.map((client) => [client.type, client.inFlightAtDispose])).toEqual([['enhanced', null], ['enhanced', 0], ['standard', 0]]);

    await server.start();
    const whileUp = [m.tryAutoRecoverConnection(), m.tryAutoRecoverConnection(), m.tryAutoRecoverConnection()];
    await expect(Promise.all(whileUp)).resolves.toEqual([true, true, true]);
    expect(recoverRuns).toHaveLength(2);
    expect(mostAtOnce).toBe(1);
    expect(m.actor.getSnapshot().context.link).toBe('healthy');
    expect(m.currentClientType).toBe('enhanced');
    expect(factory.created).toHaveLength(4);
    expect(factory.created[0]?.inFlightAtDispose).toBe(0);
    await expect(m.client.getTasks()).resolves.toEqual([]);
  });
});
