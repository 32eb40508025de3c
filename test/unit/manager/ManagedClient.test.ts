import { describe, expect, it } from 'vitest';
import { ClientDisposedError } from '../../../src/errors/index.js';
import { ManagedClient } from '../../../src/manager/ManagedClient.js';
import { FakeClient, FakeServer } from './support/fakes.js';

function managed(server = new FakeServer()) {
  const client = new FakeClient('standard', 'http://127.0.0.1:1', server);
  const disposedHook: string[] = [];
  return { server, client, managed: new ManagedClient('standard', client, () => disposedHook.push('disposed')), disposedHook };
}

describe('ManagedClient', () => {
  it('counts calls until they settle, rejected ones and synchronous throws included', async () => {
    const { managed: m, server } = managed();
    server.holdCalls = true;
    const calls = [m.run((c) => c.sendHeartbeat('a')), m.run((c) => c.sendHeartbeat('b'))];
    const thrown = m.run(() => {
      throw new Error('sync');
    });
    expect(m.inFlight).toBe(3);
    await expect(thrown).rejects.toThrow('sync');
    expect(m.inFlight).toBe(2);
    server.up = false;
    server.release();
    await Promise.allSettled(calls);
    expect(m.inFlight).toBe(0);
  });

  it('retire() disposes only after the running calls drained, once', async () => {
    const { managed: m, client, server, disposedHook } = managed();
    server.holdCalls = true;
    const call = m.run((c) => c.sendHeartbeat('a'));
    const retired = m.retire();
    expect(m.retire()).toBe(retired);
    await Promise.resolve();
    expect(client.disposed).toBe(false);
    server.release();
    await retired;
    await expect(call).resolves.toBe(true);
    expect(client.inFlightAtDispose).toBe(0);
    expect(disposedHook).toEqual(['disposed']);
  });

  it('disposeNow() cuts a retiring client short: its calls reject', async () => {
    const { managed: m, client, server } = managed();
    server.holdCalls = true;
    const call = m.run((c) => c.sendHeartbeat('a'));
    const retired = m.retire();
    await m.disposeNow();
    await retired;
    await expect(call).rejects.toBeInstanceOf(ClientDisposedError);
    expect(client.inFlightAtDispose).toBe(1);
    expect(m.isRetired).toBe(true);
  });
});
