import { getLocal } from 'mockttp';
import type { Mockttp } from 'mockttp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import type { StandardApiClientOptions } from '../../../src/clients/StandardApiClient.js';
import {
  HttpStatusError, InvalidArgumentError, InvalidResponseError, NetworkError, OperationTimeoutError, OutcomeUnknownError,
} from '../../../src/errors/index.js';

const task = { id: 7, name: 'render', type: 3, status: 1, createdAt: '2024-05-01T10:00:00Z' };

let mock: Mockttp;
let client: StandardApiClient;
let waits: number[];

function makeClient(options: StandardApiClientOptions = {}): StandardApiClient {
  waits = [];
  // The linear delay is recorded, not slept: the tests check the schedule, not the clock.
  return new StandardApiClient(`http://127.0.0.1:${mock.port}`, {
    delay: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject');
}

beforeEach(async () => {
  mock = getLocal();
  await mock.start();
  client = makeClient();
});

afterEach(async () => {
  await client.dispose();
  await mock.stop();
});

describe('StandardApiClient retries', () => {
  it('retries a GET after a 503 and returns the next answer, after a 1 s linear delay, logging the retry', async () => {
    const warnings: [string, Record<string, unknown> | undefined][] = [];
    client = makeClient({ logger: { debug: () => undefined, warn: (message, meta) => warnings.push([message, meta]) } });
    await mock.forGet('/api/tasks').once().thenReply(503, 'busy');
    const endpoint = await mock.forGet('/api/tasks').thenJson(200, [task]);
    await expect(client.getTasks()).resolves.toMatchObject([{ id: 7, status: 1 }]);
    expect(waits).toEqual([1000]);
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
    expect(warnings).toEqual([[expect.stringContaining('getTasks attempt 1 failed'), expect.objectContaining({ operation: 'getTasks', attempt: 1, status: 503 })]]);
  });

  it('gives up after 3 attempts with the last HttpStatusError, having waited 1 s then 2 s', async () => {
    const endpoint = await mock.forGet('/api/nodes').thenReply(503, 'down');
    const error = await rejection(client.getAvailableNodes());
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ operation: 'getAvailableNodes', status: 503 });
    expect(await endpoint.getSeenRequests()).toHaveLength(3);
    expect(waits).toEqual([1000, 2000]);
  });

  it('honours maxAttempts and delayMs', async () => {
    client = makeClient({ maxAttempts: 4, delayMs: 10 });
    const endpoint = await mock.forGet('/api/filelocks').thenReply(500, '');
    await rejection(client.getActiveLocks());
    expect(await endpoint.getSeenRequests()).toHaveLength(4);
    expect(waits).toEqual([10, 20, 30]);
  });

  it('does not retry a 400', async () => {
    const endpoint = await mock.forPut('/api/tasks/7/status').thenReply(400, 'bad status');
    const error = await rejection(client.updateTaskStatus(7, 'Completed'));
    expect(error).toMatchObject({ status: 400, body: 'bad status', operation: 'updateTaskStatus' });
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('never retries a non-idempotent POST that may have landed, and says its outcome is unknown, naming the key', async () => {
    const endpoint = await mock.forPost('/api/tasks').thenReply(503, '');
    const error = await rejection(client.createTask({ name: 'x', type: 'HelloWorld' }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    const [request] = await endpoint.getSeenRequests();
    expect(error).toMatchObject({ code: 'ERR_OUTCOME_UNKNOWN', operation: 'createTask', idempotencyKey: request?.headers['idempotency-key'] });
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(HttpStatusError);
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries a non-idempotent POST with its key once the server is known to honour it', async () => {
    client = makeClient({ idempotencyKeySupport: 'always' });
    const failing = await mock.forPost('/api/tasks').once().thenReply(503, '');
    const created = await mock.forPost('/api/tasks').thenJson(201, task);
    await expect(client.createTask({ name: 'render', type: 'RenderThumbnails' })).resolves.toMatchObject({ id: 7 });
    const keys = [...await failing.getSeenRequests(), ...await created.getSeenRequests()].map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('learns from a health answer that advertises the key (auto), and forgets it when the next one does not', async () => {
    await mock.forGet('/api/health').once().thenJson(200, { status: 'healthy', capabilities: ['idempotency-key'] });
    await mock.forGet('/api/health').thenJson(200, { status: 'healthy' });
    expect(client.idempotencyKeyHonoured).toBe(false);
    await client.getConnectionHealth();
    expect(client.idempotencyKeyHonoured).toBe(true);
    await client.getConnectionHealth();
    expect(client.idempotencyKeyHonoured).toBe(false);
  });

  it('retries a non-idempotent POST whose connection was refused, which proves it was never sent', async () => {
    const port = mock.port;
    await mock.stop();
    client = new StandardApiClient(`http://127.0.0.1:${port}`, { delay: () => Promise.resolve(), idempotencyKeySupport: 'never' });
    const error = await rejection(client.createTask({ name: 'x', type: 'HelloWorld' }));
    // Three refused attempts: the call failed, and certainly created nothing.
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ errorCode: 'ECONNREFUSED', neverSent: true });
    await mock.start();
  });

  it('retries a naturally idempotent POST (heartbeat) after a connection reset', async () => {
    await mock.forPost('/api/nodes/n1/heartbeat').once().thenResetConnection();
    const endpoint = await mock.forPost('/api/nodes/n1/heartbeat').thenReply(200, '');
    await expect(client.sendHeartbeat('n1')).resolves.toBe(true);
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
    expect(waits).toEqual([1000]);
  });

  it('reports a refused connection as a retryable NetworkError after its attempts', async () => {
    const port = mock.port;
    await mock.stop();
    client = new StandardApiClient(`http://127.0.0.1:${port}`, { delay: () => Promise.resolve() });
    const error = await rejection(client.getTasks());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ errorCode: 'ECONNREFUSED', retryable: true, operation: 'getTasks' });
    await mock.start();
  });

  it('ends a stalled attempt with OperationTimeoutError', async () => {
    client = makeClient({ timeoutMs: 50, maxAttempts: 1 });
    await mock.forGet('/api/tasks').thenTimeout();
    const error = await rejection(client.getTasks());
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error).toMatchObject({ operation: 'getTasks', timeoutMs: 50 });
  });

  it('rejects a bad argument before sending anything', async () => {
    const endpoint = await mock.forAnyRequest().thenReply(200, '');
    await expect(client.getTaskById(Number.NaN)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await endpoint.getSeenRequests()).toHaveLength(0);
  });
});

describe('StandardApiClient answers', () => {
  it.each([
    ['malformed JSON', '[{"id": 7', 'application/json', 'malformedJson'],
    ['an HTML error page', '<html><body>Bad gateway</body></html>', 'text/html', 'html'],
    ['a wrong shape', JSON.stringify([{ id: 'seven' }]), 'application/json', 'shape'],
  ])('turns %s into InvalidResponseError naming the operation, without retrying', async (_label, body, type, reason) => {
    const endpoint = await mock.forGet('/api/tasks').thenReply(200, body, { 'Content-Type': type });
    const error = await rejection(client.getTasks());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ operation: 'getTasks', reason, status: 200 });
    expect((error as Error).message).toContain('getTasks');
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
  });

  it('turns a body over maxResponseBytes into InvalidResponseError tooLarge', async () => {
    client = makeClient({ maxResponseBytes: 1024 });
    await mock.forGet('/api/nodes/all').thenReply(200, `[${'"x",'.repeat(2000)}"x"]`);
    const error = await rejection(client.getAllNodes());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ operation: 'getAllNodes', reason: 'tooLarge' });
  });

  it('reads PascalCase properties and enum names from the server', async () => {
    await mock.forGet('/api/tasks/7').thenJson(200, { Id: 7, Name: 'r', Type: 'RenderThumbnails', Status: 'Running', CreatedAt: '2024-05-01T10:00:00Z' });
    await expect(client.getTaskById(7)).resolves.toMatchObject({ id: 7, type: 3, status: 1 });
  });

  it('maps 404 on getTaskById to null and 409 on a lock to false', async () => {
    await mock.forGet('/api/tasks/8').thenReply(404, 'Not Found');
    await mock.forPost('/api/filelocks/acquire').thenJson(409, { message: 'held by n2' });
    await expect(client.getTaskById(8)).resolves.toBeNull();
    await expect(client.tryAcquireFileLock('/a', 'n1')).resolves.toBe(false);
  });

  it('returns the server current task on a 409 status update, as the original did', async () => {
    const endpoint = await mock.forPut('/api/tasks/7/status').thenJson(409, { message: 'stale rowVersion', currentTask: { ...task, status: 2 } });
    await expect(client.updateTaskStatus(7, 'Failed', { rowVersion: 'AAE=' })).resolves.toMatchObject({ id: 7, status: 2 });
    const [request] = await endpoint.getSeenRequests();
    expect(await request?.body.getJson()).toEqual({ status: 3, resultMessage: null, rowVersion: 'AAE=' });
  });

  it('sends Accept: application/json and appends paths to a base URL with a path prefix', async () => {
    client = new StandardApiClient(`http://127.0.0.1:${mock.port}/vc`, { delay: () => Promise.resolve() });
    const endpoint = await mock.forGet('/vc/api/filelocks').thenJson(200, []);
    await expect(client.getActiveLocks()).resolves.toEqual([]);
    const [request] = await endpoint.getSeenRequests();
    expect(request?.headers.accept).toBe('application/json');
  });

  it('never follows a redirect, so its headers never reach another host', async () => {
    const other = getLocal();
    await other.start();
    try {
      const elsewhere = await other.forAnyRequest().thenJson(200, []);
      await mock.forGet('/api/tasks').thenReply(302, '', { Location: `http://127.0.0.1:${other.port}/api/tasks` });
      client = makeClient({ headers: { Authorization: 'Bearer secret' } });
      const error = await rejection(client.getTasks());
      expect(error).toMatchObject({ reason: 'redirect', status: 302 });
      expect(await elsewhere.getSeenRequests()).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });
});

describe('StandardApiClient health', () => {
  it('reports a healthy server with its version and a reset tally', async () => {
    await mock.forGet('/api/health').thenJson(200, { status: 'healthy', timestamp: '2024-05-01T10:00:00Z', version: '2.1.0' });
    const health = await client.getConnectionHealth();
    expect(health).toMatchObject({
      isHealthy: true, lastError: null, circuitBreakerOpen: false, failureCount: 0, serverVersion: '2.1.0',
    });
    expect(health.responseTimeMs).toBeGreaterThanOrEqual(0);
    expect(typeof health.lastChecked).toBe('number');
    await expect(client.testConnection()).resolves.toBe(true);
  });

  it('counts failed calls and reports the last error without throwing', async () => {
    await mock.forGet('/api/tasks').thenReply(503, 'down');
    await mock.forGet('/api/health').thenReply(503, 'down');
    await rejection(client.getTasks());
    const health = await client.getConnectionHealth();
    expect(health).toMatchObject({ isHealthy: false, failureCount: 2, circuitBreakerOpen: false, serverVersion: '' });
    expect(health.lastError).toContain('HTTP 503');
    await expect(client.testConnection()).resolves.toBe(false);
  });

  it('reports an unreachable server as unhealthy and never throws', async () => {
    const port = mock.port;
    await mock.stop();
    client = new StandardApiClient(`http://127.0.0.1:${port}`);
    const health = await client.getConnectionHealth();
    expect(health.isHealthy).toBe(false);
    expect(health.lastError).toContain('ECONNREFUSED');
    await expect(client.testConnection()).resolves.toBe(false);
    await mock.start();
  });
});
