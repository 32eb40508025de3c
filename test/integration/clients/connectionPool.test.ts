import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PoolTimeoutError } from '../../../src/errors/index.js';
import { createHttpClient } from '../../../src/http/createHttpClient.js';
import type { HttpClient } from '../../../src/http/createHttpClient.js';
import { performAttempt } from '../../../src/http/performAttempt.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';

let server: LoopbackServer | undefined;
let http: HttpClient | undefined;

afterEach(async () => {
  http?.pool.destroy();
  await server?.close();
  server = undefined;
  http = undefined;
});

/** A server that answers `[]` at once, except requests to api/nodes, which it holds until released. */
async function serverWithStall() {
  const held: ServerResponse[] = [];
  let released = false;
  let heldArrived: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    heldArrived = resolve;
  });
  server = await startLoopbackServer((request, response) => {
    if (request.url === '/api/nodes' && !released) {
      held.push(response);
      heldArrived();
      return;
    }
    response.setHeader('Content-Type', 'application/json');
    response.end('[]');
  });
  const release = () => {
    released = true;
    for (const response of held) response.end('[]');
  };
  return { url: server.url, arrived, release };
}

describe('ConnectionPool', () => {
  it('fails a call that waits longer than ConnectionPoolTimeoutMs for the only socket with PoolTimeoutError', async () => {
    const stall = await serverWithStall();
    http = createHttpClient({ baseUrl: stall.url, connectionPoolSize: 1, connectionPoolTimeoutMs: 100 });
    const first = performAttempt(http, 'getAvailableNodes', [], { timeoutMs: 30_000 });
    await stall.arrived;

    const second = await performAttempt(http, 'getTasks', [], { timeoutMs: 30_000 });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error).toBeInstanceOf(PoolTimeoutError);
    expect(second.error).toMatchObject({ operation: 'getTasks', poolSize: 1 });
    // Only that a wait was measured: Date.now can read 99 ms for a 100 ms timer, and tests do not hang on timing.
    expect((second.error as PoolTimeoutError).waitedMs).toBeGreaterThan(0);
    expect(second.failure).toMatchObject({ kind: 'poolTimeout', transient: true });
    expect(server?.requestCount).toBe(1);
    expect(http.pool.waitingCount).toBe(0);

    stall.release();
    await expect(first).resolves.toMatchObject({ ok: true, value: [] });
    // The socket the timed-out request never got is free again for the next call.
    await expect(performAttempt(http, 'getTasks', [], { timeoutMs: 30_000 })).resolves.toMatchObject({ ok: true });
  });

  it('tells onPoolWaitEnded of a queued request that timed out', async () => {
    const stall = await serverWithStall();
    const waits: { waitedMs: number; timedOut: boolean }[] = [];
    http = createHttpClient({
      baseUrl: stall.url, connectionPoolSize: 1, connectionPoolTimeoutMs: 100,
      onPoolWaitEnded: (waitedMs, timedOut) => waits.push({ waitedMs, timedOut }),
    });
    const first = performAttempt(http, 'getAvailableNodes', [], { timeoutMs: 30_000 });
    await stall.arrived;
    await expect(performAttempt(http, 'getTasks', [], { timeoutMs: 30_000 })).resolves.toMatchObject({ ok: false });
    expect(waits).toEqual([{ waitedMs: expect.any(Number) as number, timedOut: true }]);
    stall.release();
    await expect(first).resolves.toMatchObject({ ok: true });
    // The call that found the socket free never waited, so it is not reported.
    await expect(performAttempt(http, 'getTasks', [], { timeoutMs: 30_000 })).resolves.toMatchObject({ ok: true });
    expect(waits).toHaveLength(1);
  });

  it('tells onPoolWaitEnded of a queued request that got a socket', async () => {
    const stall = await serverWithStall();
    const waits: { waitedMs: number; timedOut: boolean }[] = [];
    http = createHttpClient({
      baseUrl: stall.url, connectionPoolSize: 1, connectionPoolTimeoutMs: 30_000,
      onPoolWaitEnded: (waitedMs, timedOut) => waits.push({ waitedMs, timedOut }),
    });
    const held = performAttempt(http, 'getAvailableNodes', [], { timeoutMs: 30_000 });
    const queued = performAttempt(http, 'getTasks', [], { timeoutMs: 30_000 });
    await vi.waitFor(() => expect(http?.pool.waitingCount).toBe(1));
    expect(waits).toEqual([]);
    stall.release();
    await expect(Promise.all([held, queued])).resolves.toMatchObject([{ ok: true }, { ok: true }]);
    expect(waits).toEqual([{ waitedMs: expect.any(Number) as number, timedOut: false }]);
  });

  it('reuses one keep-alive connection for sequential calls', async () => {
    server = await startLoopbackServer((_request, response) => response.end('[]'));
    http = createHttpClient({ baseUrl: server.url });
    for (let i = 0; i < 3; i += 1) {
      await expect(performAttempt(http, 'getTasks', [], { timeoutMs: 30_000 })).resolves.toMatchObject({ ok: true });
    }
    expect(server.connectionCount).toBe(1);
    expect(http.pool.openSocketCount).toBe(1);
  });

  it('opens a fresh connection per call when EnableConnectionPooling is false', async () => {
    server = await startLoopbackServer((_request, response) => response.end('[]'));
    http = createHttpClient({ baseUrl: server.url, enableConnectionPooling: false });
    for (let i = 0; i < 3; i += 1) {
      await expect(performAttempt(http, 'getTasks', [], { timeoutMs: 30_000 })).resolves.toMatchObject({ ok: true });
    }
    expect(server.connectionCount).toBe(3);
    expect(http.pool.pooling).toBe(false);
  });

  it('never opens more than ConnectionPoolSize sockets at once', async () => {
    const stall = await serverWithStall();
    http = createHttpClient({ baseUrl: stall.url, connectionPoolSize: 2, connectionPoolTimeoutMs: 30_000 });
    const calls = Array.from({ length: 5 }, () => performAttempt(http!, 'getAvailableNodes', [], { timeoutMs: 30_000 }));
    await vi.waitFor(() => {
      expect(http?.pool.waitingCount).toBe(3);
      expect(server?.requestCount).toBe(2);
    });
    stall.release();
    const outcomes = await Promise.all(calls);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(server?.connectionCount).toBe(2);
  });

  it('closes every socket on destroy', async () => {
    server = await startLoopbackServer((_request, response) => response.end('[]'));
    http = createHttpClient({ baseUrl: server.url });
    await performAttempt(http, 'getTasks', [], { timeoutMs: 30_000 });
    expect(http.pool.openSocketCount).toBe(1);
    http.pool.destroy();
    expect(http.pool.openSocketCount).toBe(0);
    await server.connectionsClosed();
  });
});
