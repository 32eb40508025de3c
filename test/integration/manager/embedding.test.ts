import { assign, createActor, setup, SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionParentEvent } from '../../../machines/connection/types.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { ConnectionRuntime } from '../../../src/manager/ConnectionRuntime.js';
import { TaskExecutionService } from '../../../src/tasks/TaskExecutionService.js';
import { restartableServer } from './support/referenceServer.js';
import type { RestartableServer } from './support/referenceServer.js';
import { until } from './support/until.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(): Promise<RestartableServer> {
  const server = await restartableServer();
  cleanups.push(() => server.close());
  return server;
}

describe('the connection inside other components, over real HTTP', () => {
  it('a host machine invokes the connection machine: it hears status changes and calls go through the runtime client', async () => {
    const server = await serve();
    const clock = new SimulatedClock();
    const connection = new ConnectionRuntime({ baseUrl: server.url, clock });
    const host = setup({
      types: { context: {} as { statuses: string[] }, events: {} as ConnectionParentEvent },
      actors: { connection: connection.machine },
    }).createMachine({
      context: { statuses: [] },
      invoke: { id: 'connection', src: 'connection', input: () => connection.input() },
      on: {
        'CONNECTION.STATUS_CHANGED': {
          actions: assign({ statuses: ({ context, event }) => [...context.statuses, `${event.current.client}/${event.current.link}`] }),
        },
      },
    });
    const actor = createActor(host, { clock }).start();
    cleanups.push(() => connection.dispose(), () => {
      actor.stop();
    });
    const child = actor.getSnapshot().children.connection;
    if (child === undefined) throw new Error('the host did not invoke the connection');
    connection.attach(child);

    const created = await connection.client.createTask({ name: 'from the host', type: 'HelloWorld' });
    child.send({ type: 'SWITCH_TO_STANDARD', at: clock.now() });
    await new Promise<void>((resolve) => {
      const subscription = actor.subscribe((snapshot) => {
        if (snapshot.context.statuses.length > 0) {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    expect(connection.currentClientType).toBe('standard');
    await expect(connection.client.getTaskById(created.id)).resolves.toMatchObject({ name: 'from the host' });

    await server.stop();
    clock.increment(60_000);
    await new Promise<void>((resolve) => {
      const subscription = actor.subscribe((snapshot) => {
        if (snapshot.context.statuses.at(-1) === 'standard/offline') {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    expect(actor.getSnapshot().context.statuses).toEqual(['standard/healthy', 'standard/recovering', 'standard/offline']);
  });

  it('a TaskExecutionService runs tasks through the manager client and follows the manager link', async () => {
    const server = await serve();
    const clock = new SimulatedClock();
    const manager = new ConnectionManager({ baseUrl: server.url, clock, apiSettings: { enableAutoRecovery: false } });
    const service = new TaskExecutionService(manager.client, { id: 'node-m', name: 'Managed node' }, { link: manager, pollIntervalMs: 50 });
    cleanups.push(() => manager.dispose(), () => service.dispose());
    const completed = new Promise<number>((resolve) => service.on('taskCompleted', ({ taskId }) => resolve(taskId)));
    const linkDown = new Promise<void>((resolve) => service.on('linkDown', () => resolve()));

    const task = await manager.client.createTask({ name: 'hello', type: 'HelloWorld' });
    service.start();
    await expect(completed).resolves.toBe(task.id);
    await expect(manager.client.getTaskById(task.id)).resolves.toMatchObject({ resultMessage: `Hello, World! from Managed node (task ${task.id})` });

    await server.stop();
    clock.increment(60_000);
    await until(manager.actor, (s) => s.context.link === 'degraded');
    await manager.tryAutoRecoverConnection();
    await linkDown;
    expect(service.linkUp).toBe(false);
  });
});
