import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { ClientDisposedError } from '../../../src/errors/index.js';
import { activeResourceCounts } from '../../helpers/activeResources.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { ActorWatch } from './support/actorWatch.js';
import { rejection, simulatedClient } from './support/simulatedClient.js';

let server: LoopbackServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** api/nodes is held forever; api/filelocks answers 503 (retried); api/debug answers 503 once then is held. */
async function startServer(): Promise<{ held: ServerResponse[]; requests: string[] }> {
  const held: ServerResponse[] = [];
  const requests: string[] = [];
  server = await startLoopbackServer((request, response) => {
    const url = request.url ?? '';
    requests.push(url);
    const debugRetry = url === '/api/debug' && requests.filter((u) => u === url).length > 1;
    if (url === '/api/nodes' || debugRetry) {
      held.push(response);
      return;
    }
    response.setHeader('Content-Type', 'application/json');
    response.statusCode = url === '/api/filelocks' || url === '/api/debug' ? 503 : 200;
    response.end('[]');
  });
  return { held, requests };
}

describe('EnhancedApiClient.dispose', () => {
  it('rejects an in-flight first attempt with ClientDisposedError naming the operation', async () => {
    const { held } = await startServer();
    const client = new EnhancedApiClient(server!.url);
    const call = client.getAvailableNodes();
    await vi.waitFor(() => expect(held).toHaveLength(1));
    await client.dispose();
    const error = await rejection(call);
    expect(error).toBeInstanceOf(ClientDisposedError);
    expect(error).toMatchObject({ operation: 'getAvailableNodes' });
  });

  it('stops a retry actor waiting in its backoff: the call rejects and no retry is ever sent', async () => {
    const { requests } = await startServer();
    const harness = simulatedClient(server!.url);
    const call = rejection(harness.client.getActiveLocks());
    await vi.waitFor(() => expect(harness.watch.backoffs).toHaveLength(1));
    await harness.client.dispose();
    await expect(call).resolves.toMatchObject({ code: 'ERR_CLIENT_DISPOSED', operation: 'getActiveLocks' });
    harness.clock.increment(60_000);
    expect(requests.filter((url) => url === '/api/filelocks')).toHaveLength(1);
  });

  it('aborts a retry attempt in flight and reports nothing to the stopped breaker', async () => {
    const { held } = await startServer();
    // A key the server honours makes the 503'd POST one to retry.
    const harness = simulatedClient(server!.url, { idempotencyKeySupport: 'always' });
    const call = rejection(harness.client.sendDebugMessage('worker', 'hello'));
    await harness.passBackoff(1);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    await harness.client.dispose();
    await expect(call).resolves.toMatchObject({ code: 'ERR_CLIENT_DISPOSED', operation: 'sendDebugMessage' });
    expect(harness.client.breaker.getSnapshot().status).toBe('stopped');
  });

  it('rejects later calls, returns the same promise when called twice, and stops the breaker', async () => {
    await startServer();
    const client = new EnhancedApiClient(server!.url);
    const first = client.dispose();
    expect(client.dispose()).toBe(first);
    await first;
    expect(client.breaker.getSnapshot().status).toBe('stopped');
    await expect(client.getTasks()).rejects.toMatchObject({ code: 'ERR_CLIENT_DISPOSED', operation: 'getTasks' });
    const handle = client.isolate();
    expect(handle.active).toBe(false);
    handle.dispose();
    client.resetCircuit();
    expect(server?.requestCount).toBe(0);
  });

  it('leaves no socket and no timer behind: pooled sockets, attempts in flight, retry and break timers', async () => {
    await startServer();
    const baseline = activeResourceCounts();
    const watch = new ActorWatch();
    const retrying = new EnhancedApiClient(server!.url, {
      inspect: watch.inspect, connection: { baseRetryDelayMs: 600_000, maxRetryDelayMs: 600_000, enableJitter: false, fileOperationTimeoutSeconds: 3600 },
    });
    const opened = new EnhancedApiClient(server!.url, {
      connection: { maxRetryAttempts: 0, circuitBreakerFailureThreshold: 1, circuitBreakerMinimumThroughput: 1 },
    });
    await retrying.getTasks();
    const stalled = retrying.getAvailableNodes();
    const backingOff = retrying.getActiveLocks();
    await expect(opened.getActiveLocks()).rejects.toMatchObject({ status: 503 });
    expect(opened.circuitState).toBe('open');
    await vi.waitFor(() => expect(watch.backoffs).toEqual([600_000]));
    const during = activeResourceCounts();
    expect(during.TCPSocketWrap ?? 0).toBeGreaterThan(baseline.TCPSocketWrap ?? 0);
    expect(during.Timeout ?? 0).toBeGreaterThan(baseline.Timeout ?? 0);

    await Promise.all([retrying.dispose(), opened.dispose()]);
    await Promise.allSettled([stalled, backingOff]);
    await server!.connectionsClosed();
    const after = activeResourceCounts();
    // Sockets and timers of earlier tests may still be closing at the baseline; none of these clients' may remain.
    expect(after.TCPSocketWrap ?? 0).toBeLessThanOrEqual(baseline.TCPSocketWrap ?? 0);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(baseline.Timeout ?? 0);
  });
});
