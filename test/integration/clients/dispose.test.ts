import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { ClientDisposedError } from '../../../src/errors/index.js';
import { activeResourceCounts } from '../../helpers/activeResources.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';

let server: LoopbackServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** api/tasks answers at once; api/nodes is held forever; api/filelocks answers 503. */
async function startServer(): Promise<{ server: LoopbackServer; held: ServerResponse[] }> {
  const held: ServerResponse[] = [];
  const started = await startLoopbackServer((request, response) => {
    if (request.url === '/api/nodes') {
      held.push(response);
      return;
    }
    response.statusCode = request.url === '/api/filelocks' ? 503 : 200;
    response.end('[]');
  });
  server = started;
  return { server: started, held };
}

describe('StandardApiClient.dispose', () => {
  it('rejects an in-flight call with ClientDisposedError naming the operation', async () => {
    const { held } = await startServer();
    const client = new StandardApiClient(server!.url);
    const call = client.getAvailableNodes();
    await vi.waitFor(() => expect(held).toHaveLength(1));
    await client.dispose();
    await expect(call).rejects.toBeInstanceOf(ClientDisposedError);
    await expect(call).rejects.toMatchObject({ operation: 'getAvailableNodes', code: 'ERR_CLIENT_DISPOSED' });
  });

  it('cuts a retry delay short', async () => {
    await startServer();
    const client = new StandardApiClient(server!.url, { delayMs: 3_600_000 });
    const call = client.getActiveLocks();
    await vi.waitFor(() => expect(server?.requestCount).toBe(1));
    await client.dispose();
    await expect(call).rejects.toMatchObject({ code: 'ERR_CLIENT_DISPOSED', operation: 'getActiveLocks' });
  });

  it('rejects later calls, keeps getConnectionHealth from throwing, and can be called twice', async () => {
    await startServer();
    const client = new StandardApiClient(server!.url);
    await client.dispose();
    await client.dispose();
    await expect(client.getTasks()).rejects.toMatchObject({ code: 'ERR_CLIENT_DISPOSED', operation: 'getTasks' });
    await expect(client.getConnectionHealth()).resolves.toMatchObject({ isHealthy: false });
    await expect(client.testConnection()).resolves.toBe(false);
    expect(server?.requestCount).toBe(0);
  });

  it('leaves no socket and no timer behind', async () => {
    await startServer();
    const baseline = activeResourceCounts();
    const client = new StandardApiClient(server!.url, { delayMs: 3_600_000 });
    await client.getTasks();
    const stalled = client.getAvailableNodes();
    const retrying = client.getActiveLocks();
    await vi.waitFor(() => expect(server?.requestCount).toBe(3));
    const during = activeResourceCounts();
    expect(during.TCPSocketWrap ?? 0).toBeGreaterThan(baseline.TCPSocketWrap ?? 0);
    expect(during.Timeout ?? 0).toBeGreaterThan(baseline.Timeout ?? 0);

    await client.dispose();
    await Promise.allSettled([stalled, retrying]);
    await server!.connectionsClosed();
    const after = activeResourceCounts();
    // Unrelated sockets and timers (an earlier test's closing connection, the test runner's) may end meanwhile; none
    // of the client's may remain.
    expect(after.TCPSocketWrap ?? 0).toBeLessThanOrEqual(baseline.TCPSocketWrap ?? 0);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(baseline.Timeout ?? 0);
  });
});
