import { assign, createActor, setup, SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionParentEvent } from '../../../machines/connection/types.js';
import { ConnectionRuntime } from '../../../src/manager/ConnectionRuntime.js';
import { FakeServer, fakeFactory } from './support/fakes.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

function hostWith(runtime: ConnectionRuntime) {
  return setup({
    types: { context: {} as { links: string[] }, events: {} as ConnectionParentEvent },
    actors: { connection: runtime.machine },
  }).createMachine({
    context: { links: [] },
    invoke: { id: 'connection', src: 'connection', input: () => runtime.input() },
    on: {
      'CONNECTION.STATUS_CHANGED': {
        actions: assign({ links: ({ context, event }) => [...context.links, `${event.current.client}/${event.current.link}`] }),
      },
    },
  });
}

describe('ConnectionRuntime inside a host machine', () => {
  it('runs as an invoked child: its monitor drives recovery, the host hears every status change, the facade follows the new client', async () => {
    const clock = new SimulatedClock();
    const server = new FakeServer();
    const factory = fakeFactory(server);
    const runtime = new ConnectionRuntime({ baseUrl: 'http://127.0.0.1:5289', createClient: factory.createClient, now: () => clock.now() });
    const host = createActor(hostWith(runtime), { clock }).start();
    cleanup.push(async () => {
      host.stop();
      await runtime.dispose();
    });
    const child = host.getSnapshot().children.connection;
    if (child === undefined) throw new Error('the host did not invoke the connection');
    runtime.attach(child);

    factory.created[0]?.breaker?.emit('breaker.opened');
    server.brokenTypes.add('enhanced');
    clock.increment(5_000);
    await flush();
    expect(host.getSnapshot().context.links).toEqual(['enhanced/degraded', 'enhanced/recovering', 'standard/healthy']);
    expect(runtime.currentClientType).toBe('standard');
    await runtime.client.sendHeartbeat('node-1');
    expect(factory.created.at(-1)?.served).toEqual(['sendHeartbeat']);
  });

  it('follows a committed client breaker even without attach()', async () => {
    const clock = new SimulatedClock();
    const server = new FakeServer();
    const factory = fakeFactory(server);
    const runtime = new ConnectionRuntime({ baseUrl: 'http://127.0.0.1:5289', createClient: factory.createClient, useEnhancedClient: false, clock });
    const host = createActor(hostWith(runtime), { clock }).start();
    cleanup.push(async () => {
      host.stop();
      await runtime.dispose();
    });
    host.getSnapshot().children.connection?.send({ type: 'SWITCH_TO_ENHANCED', at: clock.now() });
    await flush();
    expect(runtime.currentClientType).toBe('enhanced');
    factory.created[1]?.breaker?.emit('breaker.opened');
    expect(host.getSnapshot().context.links).toEqual(['enhanced/healthy', 'enhanced/degraded']);
  });
});
