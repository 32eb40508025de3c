import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { startHeldTaskServer } from './support/heldTaskServer.js';
import type { HeldTaskServer } from './support/heldTaskServer.js';
import { recordingFactory } from './support/recordingClients.js';
import { restartableServer } from './support/referenceServer.js';
import type { RestartableServer } from './support/referenceServer.js';

let reference: RestartableServer | undefined;
let held: HeldTaskServer | undefined;
let manager: ConnectionManager | undefined;

afterEach(async () => {
  await manager?.dispose();
  held?.release();
  await held?.close();
  await reference?.close();
  manager = undefined;
  held = undefined;
  reference = undefined;
});

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));


describe('ConnectionManager: swapping clients over real HTTP', () => {
  it('loses no call when clients are swapped under load: every call through client resolves with a value', async () => {
    reference = await restartableServer();
    const clock = new SimulatedClock();
    const factory = recordingFactory({ clock, now: () => clock.now() });
    manager = new ConnectionManager({ baseUrl: reference.url, clock, createClient: factory.createClient });
    const m = manager;
    await m.client.registerNode({ id: 'node-1', name: 'Node 1', ipAddress: '127.0.0.1' });

    const calls: Promise<unknown>[] = [];
    const fire = (count: number): void => {
      for (let i = 0; i < count; i++) {
        const n = calls.length;
        calls.push(n % 3 === 0 ? m.client.getTasks() : n % 3 === 1 ? m.client.sendHeartbeat('node-1')
          : m.client.createTask({ name: `load ${n}`, type: 'HelloWorld' }));
      }
    };
    const underLoad = async (swap: Promise<boolean>): Promise<boolean> => {
      let done = false;
      void swap.finally(() => {
        done = true;
      });
      // Ten more calls each time the last batch's final call settles: load that keeps pace with the server.
      while (!done) {
        fire(10);
        await calls.at(-1)?.catch(() => undefined);
      }
      return swap;
    };

    fire(50);
    expect(await underLoad(m.switchToStandardClient())).toBe(true);
    fire(20);
    expect(await underLoad(m.switchToEnhancedClient())).toBe(true);
    fire(20);
    expect(await underLoad(m.recreateConnection())).toBe(true);
    fire(20);

    const outcomes = await Promise.allSettled(calls);
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(rejected).toEqual([]);
    expect(outcomes.every((outcome) => outcome.status === 'fulfilled' && outcome.value !== undefined)).toBe(true);
    expect(calls.length).toBeGreaterThanOrEqual(110);
    const tasks = await m.client.getTasks();
    expect(tasks.filter((task) => task.name.startsWith('load '))).toHaveLength(Math.floor((calls.length + 1) / 3));

    expect(factory.created.map((client) => client.type)).toEqual(['enhanced', 'standard', 'enhanced', 'enhanced']);
    // Every client served calls; the swapped-out ones were disposed only once they had none running.
    expect(factory.created.every((client) => client.settled > 0)).toBe(true);
    expect(factory.created.slice(0, 3).map((client) => client.inFlightAtDispose)).toEqual([0, 0, 0]);
    expect(factory.created[3]?.inFlightAtDispose).toBeNull();
  });

  it('disposes the old client only after its in-flight calls drained; calls started after the swap use the new one', async () => {
    held = await startHeldTaskServer();
    const clock = new SimulatedClock();
    const factory = recordingFactory({ clock, now: () => clock.now() });
    manager = new ConnectionManager({ baseUrl: held.url, clock, createClient: factory.createClient });
    const m = manager;
    held.hold = true;
    const before = Array.from({ length: 8 }, () => m.client.getTasks());
    while (held.heldCount < 8) await turn();

    await expect(m.switchToStandardClient()).resolves.toBe(true);
    const after = Array.from({ length: 4 }, () => m.client.getTasks());
    while (held.heldCount < 12) await turn();
    const [enhanced, standard] = factory.created;
    expect([enhanced?.running, standard?.running]).toEqual([8, 4]);
    expect(enhanced?.inFlightAtDispose).toBeNull();

    held.release();
    await expect(Promise.all([...before, ...after])).resolves.toEqual(Array(12).fill([]));
    while (enhanced?.inFlightAtDispose === null) await turn();
    expect(enhanced?.inFlightAtDispose).toBe(0);
    expect(standard?.inFlightAtDispose).toBeNull();
  });

  it('reverts when the new client fails its health test: false, the old client keeps serving, the candidate is disposed', async () => {
    held = await startHeldTaskServer();
    const clock = new SimulatedClock();
    const factory = recordingFactory({ clock, now: () => clock.now() });
    manager = new ConnectionManager({ baseUrl: held.url, clock, createClient: factory.createClient, useEnhancedClient: false });
    const messages: string[] = [];
    manager.on('message', ({ text }) => messages.push(text));
    held.unhealthyFor.add('enhanced');

    await expect(manager.switchToEnhancedClient()).resolves.toBe(false);
    expect(manager.currentClientType).toBe('standard');
    const [standard, candidate] = factory.created;
    expect(candidate?.inFlightAtDispose).toBe(0);
    expect(standard?.inFlightAtDispose).toBeNull();
    await expect(manager.client.getTasks()).resolves.toEqual([]);
    expect(standard?.settled).toBe(1);
    expect(messages.at(-1)).toMatch(/^Switch to enhanced client failed \(The new enhanced client failed its connection test: .*503.*\); staying on standard client$/);
  });
});
