import { getLocal } from 'mockttp';
import type { Mockttp } from 'mockttp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientDisposedError, OperationTimeoutError, RequestAbortedError } from '../../../src/errors/index.js';
import { createHttpClient } from '../../../src/http/createHttpClient.js';
import type { HttpClient } from '../../../src/http/createHttpClient.js';
import { performAttempt } from '../../../src/http/performAttempt.js';

let mock: Mockttp;
let http: HttpClient;
const clock = { now: 1_000_000 };

beforeEach(async () => {
  mock = getLocal();
  await mock.start();
  http = createHttpClient({ baseUrl: `http://127.0.0.1:${mock.port}`, now: () => clock.now });
});

afterEach(async () => {
  http.pool.destroy();
  await mock.stop();
});

describe('performAttempt', () => {
  it('stamps a success with the client clock and yields the validated value', async () => {
    await mock.forGet('/api/filelocks').thenJson(200, []);
    await expect(performAttempt(http, 'getActiveLocks', [], { timeoutMs: 10_000 }))
      .resolves.toEqual({ ok: true, value: [], at: 1_000_000 });
  });

  it('sends the Idempotency-Key it is given, the same on every attempt', async () => {
    const endpoint = await mock.forPost('/api/tasks').thenReply(503, '');
    for (let i = 0; i < 2; i += 1) {
      await performAttempt(http, 'createTask', [{ name: 'x', type: 1 }], { timeoutMs: 10_000, idempotencyKey: 'key-1' });
    }
    const requests = await endpoint.getSeenRequests();
    expect(requests.map((request) => request.headers['idempotency-key'])).toEqual(['key-1', 'key-1']);
  });

  it('sends no Idempotency-Key unless asked', async () => {
    const endpoint = await mock.forGet('/api/tasks').thenJson(200, []);
    await performAttempt(http, 'getTasks', [], { timeoutMs: 10_000 });
    const [request] = await endpoint.getSeenRequests();
    expect(request?.headers).not.toHaveProperty('idempotency-key');
  });

  it('sends a bodiless POST without a Content-Type and a JSON body as application/json', async () => {
    const heartbeat = await mock.forPost('/api/nodes/n1/heartbeat').thenReply(200, '');
    const acquire = await mock.forPost('/api/filelocks/acquire').thenReply(204, '');
    await performAttempt(http, 'sendHeartbeat', ['n1'], { timeoutMs: 10_000 });
    await performAttempt(http, 'tryAcquireFileLock', ['/a', 'n1'], { timeoutMs: 10_000 });
    const [bare] = await heartbeat.getSeenRequests();
    const [json] = await acquire.getSeenRequests();
    expect(bare?.headers).not.toHaveProperty('content-type');
    expect(json?.headers['content-type']).toMatch(/^application\/json/);
    expect(await json?.body.getJson()).toEqual({ filePath: '/a', nodeId: 'n1' });
  });

  it('reports a 429 with its Retry-After for the retry machine', async () => {
    await mock.forGet('/api/tasks').thenReply(429, 'slow down', { 'Retry-After': '7' });
    const outcome = await performAttempt(http, 'getTasks', [], { timeoutMs: 10_000 });
    expect(outcome).toMatchObject({
      ok: false, at: 1_000_000, failure: { kind: 'rateLimited', transient: true, status: 429, retryAfterMs: 7000 },
    });
  });

  it('ends with the abort reason when its owner disposes, and with RequestAbortedError for any other abort', async () => {
    let arrived = false;
    await mock.forGet('/api/tasks').thenCallback(() => {
      arrived = true;
      return new Promise<never>(() => undefined);
    });
    const disposing = new AbortController();
    const first = performAttempt(http, 'getTasks', [], { timeoutMs: 60_000, signal: disposing.signal });
    await vi.waitFor(() => expect(arrived).toBe(true));
    disposing.abort(new ClientDisposedError());
    const outcome = await first;
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'aborted', transient: false } });
    expect(!outcome.ok && outcome.error).toBeInstanceOf(ClientDisposedError);

    const stopping = new AbortController();
    const second = performAttempt(http, 'getTasks', [], { timeoutMs: 60_000, signal: stopping.signal });
    stopping.abort();
    const stopped = await second;
    expect(!stopped.ok && stopped.error).toBeInstanceOf(RequestAbortedError);
  });

  it('never sends when the signal is already aborted or no time is left', async () => {
    const endpoint = await mock.forAnyRequest().thenReply(200, '[]');
    const aborted = new AbortController();
    aborted.abort(new ClientDisposedError());
    expect(await performAttempt(http, 'getTasks', [], { timeoutMs: 1000, signal: aborted.signal }))
      .toMatchObject({ ok: false, failure: { kind: 'aborted' } });
    const none = await performAttempt(http, 'getTasks', [], { timeoutMs: 0 });
    expect(!none.ok && none.error).toBeInstanceOf(OperationTimeoutError);
    expect(await endpoint.getSeenRequests()).toHaveLength(0);
  });

  it('turns a slow body into OperationTimeoutError even after the headers arrived', async () => {
    await mock.forGet('/api/tasks').thenStream(200, new (await import('node:stream')).PassThrough());
    const outcome = await performAttempt(http, 'getTasks', [], { timeoutMs: 50 });
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'timeout', transient: true } });
    expect(!outcome.ok && outcome.error).toMatchObject({ operation: 'getTasks', timeoutMs: 50 });
  });
});
