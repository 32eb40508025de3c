import type { ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { ClientDisposedError, PoolTimeoutError } from '../../../src/errors/index.js';
import { createInstrumentation } from '../../../src/metrics/createInstrumentation.js';
import { parseExposition, valueOf } from '../../unit/metrics/support/exposition.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { rejection, simulatedClient } from './support/simulatedClient.js';

let server: LoopbackServer | undefined;
let client: EnhancedApiClient | undefined;

afterEach(async () => {
  await client?.dispose();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** Answers `[]` at once, except api/nodes, which it holds until released. */
async function serverWithStall() {
  const held: ServerResponse[] = [];
  server = await startLoopbackServer((request, response) => {
    if (request.url === '/api/nodes') {
      held.push(response);
      return;
    }
    response.setHeader('Content-Type', 'application/json');
    response.end('[]');
  });
  return {
    url: server.url,
    held,
    release: () => {
      for (const response of held.splice(0)) response.end('[]');
    },
  };
}

describe('EnhancedApiClient connection pool', () => {
  it('fails a call that waits longer than ConnectionPoolTimeoutMs for a socket with PoolTimeoutError', async () => {
    const stall = await serverWithStall();
    client = new EnhancedApiClient(stall.url, { connection: { connectionPoolSize: 1, connectionPoolTimeoutMs: 50, maxRetryAttempts: 0 } });
    const first = client.getAvailableNodes();
    await vi.waitFor(() => expect(stall.held).toHaveLength(1));

    const error = await rejection(client.getTasks());
    expect(error).toBeInstanceOf(PoolTimeoutError);
    expect(error).toMatchObject({ operation: 'getTasks', poolSize: 1 });
    expect(server?.requestCount).toBe(1);
    stall.release();
    await expect(first).resolves.toEqual([]);
    await expect(client.getTasks()).resolves.toEqual([]);
    expect(server?.connectionCount).toBe(1);
  });

  it('retries a pool timeout as a transient failure and counts it toward the breaker', async () => {
    const stall = await serverWithStall();
    const harness = simulatedClient(stall.url, {
      connectionPoolSize: 1, connectionPoolTimeoutMs: 50, maxRetryAttempts: 1,
      circuitBreakerFailureThreshold: 1, circuitBreakerMinimumThroughput: 1,
    });
    client = harness.client;
    const first = client.getAvailableNodes();
    await vi.waitFor(() => expect(stall.held).toHaveLength(1));
    const second = rejection(client.getTasks());
    await vi.waitFor(() => expect(harness.watch.backoffs).toHaveLength(1));
    expect(client.circuitState).toBe('open');
    await harness.passBackoff(1);
    await expect(second).resolves.toMatchObject({ code: 'ERR_CIRCUIT_OPEN' });
    stall.release();
    await first;
  });

  it('keeps at most ConnectionPoolSize sockets open and reuses them', async () => {
    const stall = await serverWithStall();
    client = new EnhancedApiClient(stall.url, { connection: { connectionPoolSize: 2, connectionPoolTimeoutMs: 30_000 } });
    const calls = Array.from({ length: 5 }, () => client!.getAvailableNodes());
    await vi.waitFor(() => expect(stall.held).toHaveLength(2));
    expect(server?.requestCount).toBe(2);
    // Each release frees both sockets for the next two queued calls.
    for (const expected of [4, 5]) {
      stall.release();
      await vi.waitFor(() => expect(server?.requestCount).toBe(expected));
    }
    stall.release();
    await expect(Promise.all(calls)).resolves.toHaveLength(5);
    expect(server?.connectionCount).toBe(2);
  });

  it('opens a fresh connection per call when EnableConnectionPooling is false', async () => {
    server = await startLoopbackServer((_request, response) => response.end('[]'));
    client = new EnhancedApiClient(server.url, { connection: { enableConnectionPooling: false } });
    for (let i = 0; i < 3; i += 1) await client.getTasks();
    expect(server.connectionCount).toBe(3);
  });

  it('reuses one keep-alive connection for sequential calls by default', async () => {
    server = await startLoopbackServer((_request, response) => response.end('[]'));
    client = new EnhancedApiClient(server.url);
    for (let i = 0; i < 3; i += 1) await client.getTasks();
    expect(server.connectionCount).toBe(1);
  });

  it('rejects calls still waiting for a socket with ClientDisposedError on dispose, and never sends them', async () => {
    const stall = await serverWithStall();
    const registry = new Registry();
    const instrumentation = createInstrumentation({ metrics: { registry }, nodeId: 'pool' });
    client = new EnhancedApiClient(stall.url, {
      connection: { connectionPoolSize: 1, connectionPoolTimeoutMs: 30_000, maxRetryAttempts: 0 }, instrumentation,
    });
    const first = rejection(client.getAvailableNodes());
    await vi.waitFor(() => expect(stall.held).toHaveLength(1));
    const waiting = [rejection(client.getTasks()), rejection(client.getTasks())];
    const waitingNow = async () => valueOf(parseExposition(await registry.metrics()), 'vcconn_pool_waiting_requests', { node: 'pool' });
    await vi.waitFor(async () => expect(await waitingNow()).toBe(2));

    await client.dispose();
    for (const error of await Promise.all(waiting)) {
      expect(error).toBeInstanceOf(ClientDisposedError);
      expect(error).toMatchObject({ operation: 'getTasks' });
    }
    expect(await first).toBeInstanceOf(ClientDisposedError);
    expect(server?.requestCount).toBe(1);
    expect(await waitingNow()).toBe(0);
    await instrumentation?.dispose();
  });
});
