import { SimulatedClock } from 'xstate';
import { ConnectionManager } from '../../../../src/manager/ConnectionManager.js';
import type { ConnectionManagerOptions } from '../../../../src/manager/options.js';
import { FakeServer, fakeFactory } from './fakes.js';

/** Lets promise callbacks and the actors' reactions to them run. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const running: ConnectionManager[] = [];

/** Disposes every manager started by {@link startManager}; call from afterEach. */
export async function disposeManagers(): Promise<void> {
  await Promise.all(running.splice(0).map((manager) => manager.dispose()));
}

/** A manager on a SimulatedClock over fake clients, with its events and invoked actors recorded. */
export function startManager(overrides: Partial<ConnectionManagerOptions> = {}) {
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const server = new FakeServer();
  const factory = fakeFactory(server);
  const actorsStarted: string[] = [];
  const startTimes: Record<string, number[]> = {};
  const manager = new ConnectionManager({
    baseUrl: 'http://127.0.0.1:5289',
    clock,
    createClient: factory.createClient,
    inspect: (event) => {
      const id: unknown = (event.actorRef as { id?: unknown }).id;
      if (event.type !== '@xstate.actor' || typeof id !== 'string') return;
      actorsStarted.push(id);
      (startTimes[id] ??= []).push(clock.now() - 1_000_000);
    },
    ...overrides,
  });
  running.push(manager);
  const statuses: string[] = [];
  const timestamps: number[] = [];
  const messages: string[] = [];
  manager.on('statusChanged', ({ current, timestamp }) => {
    statuses.push(`${current.client}/${current.link}`);
    timestamps.push(timestamp);
  });
  manager.on('message', ({ text }) => messages.push(text));
  const link = () => manager.actor.getSnapshot().context.link;
  /** Advances the simulated clock and lets the fake clients answer. */
  const advance = async (ms: number): Promise<void> => {
    clock.increment(ms);
    await flush();
  };
  const runs = (id: string) => actorsStarted.filter((started) => started === id).length;
  /** When each actor of that id started, ms after the manager did. */
  const startedAt = (id: string) => startTimes[id] ?? [];
  return { manager, clock, server, factory, statuses, timestamps, messages, link, advance, runs, startedAt };
}
