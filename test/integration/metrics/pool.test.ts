import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { PoolTimeoutError } from '../../../src/errors/index.js';
import type { ConnectionInstrumentation } from '../../../src/metrics/ConnectionInstrumentation.js';
import { createInstrumentation } from '../../../src/metrics/createInstrumentation.js';
import { startHeldTaskServer } from '../manager/support/heldTaskServer.js';
import type { HeldTaskServer } from '../manager/support/heldTaskServer.js';
import { parseExposition, samplesOf, valueOf } from '../../unit/metrics/support/exposition.js';

let server: HeldTaskServer | undefined;
let client: EnhancedApiClient | undefined;
let instrumentation: ConnectionInstrumentation | undefined;

afterEach(async () => {
  server?.release();
  await client?.dispose();
  await instrumentation?.dispose();
  await server?.close();
  server = undefined;
  client = undefined;
  instrumentation = undefined;
});

describe('pool metrics of the Enhanced client', () => {
  it('shows a request queued for the one pooled socket, then counts its PoolTimeoutError as a pool_timeout failure', async () => {
    server = await startHeldTaskServer();
    const registry = new Registry();
    instrumentation = createInstrumentation({ metrics: { registry }, nodeId: 'pool' });
    client = new EnhancedApiClient(server.url, {
      connection: { connectionPoolSize: 1, connectionPoolTimeoutMs: 200, maxRetryAttempts: 0 }, instrumentation,
    });
    const scrape = async () => parseExposition(await registry.metrics());
    server.hold = true;
    const first = client.getTasks();
    const second = client.getTasks().catch((error: unknown) => error);
    await vi.waitFor(async () => expect(valueOf(await scrape(), 'vcconn_pool_waiting_requests', { node: 'pool' })).toBe(1));

    expect(await second).toBeInstanceOf(PoolTimeoutError);
    const text = await scrape();
    expect(valueOf(text, 'vcconn_failures_total', { node: 'pool', operation: 'getTasks', kind: 'pool_timeout' })).toBe(1);
    expect(valueOf(text, 'vcconn_pool_waiting_requests', { node: 'pool' })).toBe(0);
    expect(valueOf(text, 'vcconn_pool_wait_seconds_count', { node: 'pool', client: 'enhanced', outcome: 'timeout' })).toBe(1);
    expect(valueOf(text, 'vcconn_pool_wait_seconds_sum', { node: 'pool', client: 'enhanced', outcome: 'timeout' })).toBeGreaterThan(0);
    server.release();
    await expect(first).resolves.toEqual([]);
  });

  it('observes the wait of a request that got the socket once it was free, and none for requests that found it free', async () => {
    server = await startHeldTaskServer();
    const registry = new Registry();
    instrumentation = createInstrumentation({ metrics: { registry }, nodeId: 'pool' });
    client = new EnhancedApiClient(server.url, {
      connection: { connectionPoolSize: 1, connectionPoolTimeoutMs: 30_000, maxRetryAttempts: 0 }, instrumentation,
    });
    const scrape = async () => parseExposition(await registry.metrics());
    server.hold = true;
    const first = client.getTasks();
    const second = client.getTasks();
    await vi.waitFor(async () => expect(valueOf(await scrape(), 'vcconn_pool_waiting_requests', { node: 'pool' })).toBe(1));
    server.hold = false;
    server.release();
    await expect(Promise.all([first, second])).resolves.toEqual([[], []]);
    await expect(client.getTasks()).resolves.toEqual([]);
    const text = await scrape();
    expect(valueOf(text, 'vcconn_pool_wait_seconds_count', { node: 'pool', client: 'enhanced', outcome: 'socket' })).toBe(1);
    expect(samplesOf(text, 'vcconn_pool_wait_seconds_count', { node: 'pool', outcome: 'timeout' })).toEqual([]);
  });
});
