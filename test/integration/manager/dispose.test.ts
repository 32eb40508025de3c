import { afterEach, describe, expect, it } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { ClientDisposedError } from '../../../src/errors/index.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { activeResourceCounts } from '../../helpers/activeResources.js';
import { startHeldTaskServer } from './support/heldTaskServer.js';
import type { HeldTaskServer } from './support/heldTaskServer.js';
import { recordingFactory } from './support/recordingClients.js';

let server: HeldTaskServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConnectionManager.dispose over real HTTP', () => {
  it('leaves no timer, socket or actor behind, even with calls held and a switch under way', async () => {
    server = await startHeldTaskServer();
    const baseline = activeResourceCounts();
    // Real timers: the health monitor's interval and the clients' timeouts are real setTimeouts here.
    const factory = recordingFactory();
    const manager = new ConnectionManager({ baseUrl: server.url, createClient: factory.createClient });
    const monitor = manager.actor.getSnapshot().children.healthMonitor;
    expect(monitor?.getSnapshot().status).toBe('active');
    await expect(manager.client.getTasks()).resolves.toEqual([]);
    await expect(manager.switchToStandardClient()).resolves.toBe(true);
    server.hold = true;
    const held = manager.client.getTasks();
    while (server.heldCount < 1) await turn();
    const switching = manager.switchToEnhancedClient();
    const during = activeResourceCounts();
    expect(during.Timeout ?? 0).toBeGreaterThan(baseline.Timeout ?? 0);
    expect(during.TCPSocketWrap ?? 0).toBeGreaterThan(baseline.TCPSocketWrap ?? 0);

    await manager.dispose();
    await expect(held).rejects.toBeInstanceOf(ClientDisposedError);
    await expect(switching).resolves.toBe(false);
    await server.connectionsClosed();

    const after = activeResourceCounts();
    expect(after.TCPSocketWrap ?? 0).toBe(baseline.TCPSocketWrap ?? 0);
    // Unrelated timers (the test runner's) may end meanwhile; none of the manager's may remain.
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(baseline.Timeout ?? 0);
    expect(manager.actor.getSnapshot().status).toBe('stopped');
    expect(monitor?.getSnapshot().status).toBe('stopped');
    // Three clients (Enhanced, Standard, the Enhanced candidate), every one disposed, every breaker actor stopped.
    expect(factory.created.map((client) => client.inFlightAtDispose)).toEqual([0, 1, 0]);
    const breakers = factory.created.flatMap((client) => (client instanceof EnhancedApiClient ? [client.breaker.getSnapshot().status] : []));
    expect(breakers).toEqual(['stopped', 'stopped']);
  });
});
