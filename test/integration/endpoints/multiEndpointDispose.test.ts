import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { MultiEndpointClient } from '../../../src/endpoints/MultiEndpointClient.js';
import type { EndpointSet } from '../../../src/endpoints/EndpointSet.js';
import { ClientDisposedError } from '../../../src/errors/ClientDisposedError.js';
import { activeResourceCounts } from '../../helpers/activeResources.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A loopback port nothing listens on: connections to it are refused at once. */
async function refusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('MultiEndpointClient.dispose over real HTTP', () => {
  it('leaves no timer, socket or actor behind: the break timer of an open breaker and a call held in flight', async () => {
    let held: (() => void) | undefined;
    server = await startLoopbackServer((request, response) => {
      const answer = () => response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      if (request.url?.includes('api/tasks') === true && held === undefined) held = answer;
      else answer();
    });
    const dead = `http://127.0.0.1:${await refusedPort()}`;
    const baseline = activeResourceCounts();
    const set: EndpointSet = {
      endpoints: [dead, server.url].map((url) => ({ url, priority: 0, weight: 1 })), selection: 'ordered', failbackHoldDownMs: 30_000, discovery: null,
    };
    const clients: EnhancedApiClient[] = [];
    const api = new MultiEndpointClient(set, {
      clientFactory: (url) => {
        const client = new EnhancedApiClient(url, { connection: { maxRetryAttempts: 0, circuitBreakerFailureThreshold: 1, circuitBreakerMinimumThroughput: 1 } });
        clients.push(client);
        return client;
      },
    });
    // The refused connect opens the dead endpoint's breaker (its break is a real timer) and the call moves on; held there.
    const call = api.getTasks();
    while (held === undefined) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(clients[0]?.circuitState).toBe('open');
    expect(api.currentEndpoint).toBe(server.url);
    expect(activeResourceCounts().Timeout ?? 0).toBeGreaterThan(baseline.Timeout ?? 0);

    await api.dispose();
    await expect(call).rejects.toBeInstanceOf(ClientDisposedError);
    await server.connectionsClosed();
    const after = activeResourceCounts();
    expect(after.TCPSocketWrap ?? 0).toBe(baseline.TCPSocketWrap ?? 0);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(baseline.Timeout ?? 0);
    expect(api.selection.getSnapshot().status).toBe('stopped');
    expect(clients.map((client) => client.breaker.getSnapshot().status)).toEqual(['stopped', 'stopped']);
  });
});
