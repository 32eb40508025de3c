import { describe, expect, it } from 'vitest';
import type { ClientType } from '../../../machines/types.js';
import { ClientDisposedError } from '../../../src/errors/index.js';
import { ClientSlots } from '../../../src/manager/ClientSlots.js';
import { ManagedClient } from '../../../src/manager/ManagedClient.js';
import { FakeClient, FakeServer } from './support/fakes.js';

const server = new FakeServer();
const make = (type: ClientType) => new ManagedClient(type, new FakeClient(type, 'http://127.0.0.1:1', server));
const fake = (client: ManagedClient) => client.client as FakeClient;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function slots() {
  const committed: string[] = [];
  const initial = make('enhanced');
  const s = new ClientSlots(initial, {
    onCommitted: (next, previous) => committed.push(`${previous.type}->${next.type}`),
    onDisposeError: () => undefined,
  });
  return { s, initial, committed };
}

describe('ClientSlots', () => {
  it('commits only a candidate of the asked type', async () => {
    const { s, initial, committed } = slots();
    expect(s.commit('standard')).toBeNull();
    const standard = make('standard');
    s.offer(standard);
    expect(s.commit('enhanced')).toBeNull();
    expect(s.commit('standard')).toBe(standard);
    expect(s.current).toBe(standard);
    expect(s.candidate).toBeNull();
    expect(s.commitCount).toBe(1);
    expect(committed).toEqual(['enhanced->standard']);
    await flush();
    expect(fake(initial).disposed).toBe(true);
  });

  it('a newer offer disposes the uncommitted candidate; withdraw drops only its own candidate', async () => {
    const { s } = slots();
    const first = make('standard');
    const second = make('standard');
    s.offer(first);
    s.offer(second);
    s.withdraw(first);
    expect(s.candidate).toBe(second);
    s.withdraw(second);
    expect(s.candidate).toBeNull();
    await flush();
    expect([fake(first).disposed, fake(second).disposed]).toEqual([true, true]);
  });

  it('withdrawing a client that was committed leaves it in use', () => {
    const { s } = slots();
    const standard = make('standard');
    s.offer(standard);
    s.commit('standard');
    s.withdraw(standard);
    expect(s.current).toBe(standard);
    expect(fake(standard).disposed).toBe(false);
  });

  it('disposeAll disposes current, draining and candidate clients, and any candidate offered later', async () => {
    const { s, initial } = slots();
    server.holdCalls = true;
    const call = initial.run((c) => c.sendHeartbeat('n')).then(() => 'resolved', (error: unknown) => error);
    const standard = make('standard');
    s.offer(standard);
    s.commit('standard');
    expect(s.drainingCount).toBe(1);
    const candidate = make('enhanced');
    s.offer(candidate);
    await s.disposeAll();
    const late = make('enhanced');
    s.offer(late);
    await flush();
    expect([initial, standard, candidate, late].map((client) => fake(client).disposed)).toEqual([true, true, true, true]);
    expect(s.candidate).toBeNull();
    await expect(call).resolves.toBeInstanceOf(ClientDisposedError);
    server.holdCalls = false;
  });
});
