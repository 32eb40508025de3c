import { getLocal } from 'mockttp';
import type { Mockttp } from 'mockttp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionOptions } from '../../../src/config/types.js';
import {
  HttpStatusError, InvalidArgumentError, NetworkError, OperationTimeoutError, OutcomeUnknownError, RetryBudgetExceededError,
} from '../../../src/errors/index.js';
import { rejection, simulatedClient } from './support/simulatedClient.js';
import type { SimulatedClient } from './support/simulatedClient.js';

const task = { id: 7, name: 'render', type: 3, status: 1, createdAt: '2024-05-01T10:00:00Z' };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let mock: Mockttp;
let harness: SimulatedClient | undefined;

function connect(connection: Partial<ConnectionOptions> = {}, port = mock.port): SimulatedClient {
  harness = simulatedClient(`http://127.0.0.1:${port}`, connection);
  return harness;
}

beforeEach(async () => {
  mock = getLocal();
  await mock.start();
});

afterEach(async () => {
  await harness?.client.dispose();
  harness = undefined;
  await mock.stop();
});

describe('EnhancedApiClient: the happy path', () => {
  it('answers a call whose first attempt succeeds without starting any actor but the breaker', async () => {
    const { client, watch } = connect();
    await mock.forGet('/api/tasks').thenJson(200, [task]);
    await expect(client.getTasks()).resolves.toMatchObject([{ id: 7 }]);
    await expect(client.getTasks()).resolves.toHaveLength(1);
    expect(watch.of('retry')).toEqual([]);
    expect(watch.of('circuitBreaker')).toHaveLength(1);
    expect(client.circuitState).toBe('closed');
  });

  it('rejects a bad argument before sending anything and without a retry actor', async () => {
    const { client, watch } = connect();
    const endpoint = await mock.forAnyRequest().thenReply(200, '');
    await expect(client.getTaskById(-1)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await endpoint.getSeenRequests()).toHaveLength(0);
    expect(watch.of('retry')).toEqual([]);
  });
});

describe('EnhancedApiClient: retries', () => {
  it('does not retry a 400 and starts no retry actor', async () => {
    const { client, watch } = connect();
    const endpoint = await mock.forPut('/api/tasks/7/status').thenReply(400, 'bad status');
    const error = await rejection(client.updateTaskStatus(7, 'Completed'));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 400, operation: 'updateTaskStatus' });
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
    expect(watch.of('retry')).toEqual([]);
  });

  it('retries a 503 in a retry actor after the base delay, then twice it, and returns the answer', async () => {
    const { client, watch, passBackoff } = connect();
    await mock.forGet('/api/tasks').twice().thenReply(503, 'busy');
    const ok = await mock.forGet('/api/tasks').thenJson(200, [task]);
    const call = client.getTasks();

    expect(await passBackoff(1)).toBe(100);
    expect(await passBackoff(2)).toBe(200);
    await expect(call).resolves.toMatchObject([{ id: 7 }]);
    expect(await ok.getSeenRequests()).toHaveLength(1);
    expect(watch.of('retry')).toMatchObject([{ value: 'succeeded', status: 'done' }]);
  });

  it('sends no retry before its backoff has elapsed on the clock', async () => {
    const { client, clock, watch } = connect({ baseRetryDelayMs: 1000 });
    const endpoint = await mock.forGet('/api/nodes').thenReply(503, '');
    const call = client.getAvailableNodes();
    await vi.waitFor(() => expect(watch.backoffs).toEqual([1000]));
    clock.increment(999);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
    clock.increment(1);
    await vi.waitFor(async () => expect(await endpoint.getSeenRequests()).toHaveLength(2));
    await client.dispose();
    await rejection(call);
  });

  it('gives up after MaxRetryAttempts retries with the last attempt\'s HttpStatusError', async () => {
    const { client, passBackoff } = connect({ maxRetryAttempts: 2 });
    const endpoint = await mock.forGet('/api/filelocks').thenReply(502, 'bad gateway');
    const call = rejection(client.getActiveLocks());
    await passBackoff(1);
    await passBackoff(2);
    const error = await call;
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 502, operation: 'getActiveLocks' });
    expect(await endpoint.getSeenRequests()).toHaveLength(3);
  });

  it('retries a connection reset (axios-retry counts it as a network error worth retrying)', async () => {
    const { client, passBackoff } = connect();
    await mock.forPost('/api/nodes/n1/heartbeat').once().thenResetConnection();
    const ok = await mock.forPost('/api/nodes/n1/heartbeat').thenReply(200, '');
    const call = client.sendHeartbeat('n1');
    await passBackoff(1);
    await expect(call).resolves.toBe(true);
    expect(await ok.getSeenRequests()).toHaveLength(1);
  });

  it('waits as long as a 503\'s Retry-After asks when that is longer than the backoff', async () => {
    const { client, passBackoff } = connect();
    await mock.forGet('/api/tasks').once().thenReply(503, '', { 'Retry-After': '3' });
    await mock.forGet('/api/tasks').thenJson(200, []);
    const call = client.getTasks();
    expect(await passBackoff(1)).toBe(3000);
    await expect(call).resolves.toEqual([]);
  });

  it('caps a 429\'s Retry-After at RetryAfterMaxSeconds', async () => {
    const { client, passBackoff } = connect({ retryAfterMaxSeconds: 2 });
    await mock.forGet('/api/tasks').once().thenReply(429, '', { 'Retry-After': '3600' });
    await mock.forGet('/api/tasks').thenJson(200, []);
    const call = client.getTasks();
    expect(await passBackoff(1)).toBe(2000);
    await expect(call).resolves.toEqual([]);
  });

  it('fails with OperationTimeoutError when the next retry could not start before the deadline', async () => {
    // Nodes use the default profile: a 1 s deadline; 600 ms fits, the next 1200 ms does not.
    const { client, passBackoff } = connect({ defaultTimeoutSeconds: 1, baseRetryDelayMs: 600, maxRetryDelayMs: 5000 });
    const endpoint = await mock.forGet('/api/nodes/all').thenReply(503, 'down');
    const call = rejection(client.getAllNodes());
    expect(await passBackoff(1)).toBe(600);
    const error = await call;
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error).toMatchObject({ operation: 'getAllNodes', timeoutMs: 1000 });
    expect((error as Error).cause).toMatchObject({ status: 503 });
    expect(await endpoint.getSeenRequests()).toHaveLength(2);
  });

  it('abandons a retry attempt that outlives DefaultTimeoutSeconds on the clock: an OperationTimeoutError the breaker counts', async () => {
    const { client, clock, watch, passBackoff } = connect({
      defaultTimeoutSeconds: 5, maxRetryAttempts: 1, circuitBreakerFailureThreshold: 2, circuitBreakerMinimumThroughput: 2,
    });
    await mock.forGet('/api/tasks').once().thenReply(503, '');
    await mock.forGet('/api/tasks').thenTimeout();
    const call = rejection(client.getTasks());
    await passBackoff(1);
    await vi.waitFor(() => expect(watch.of('retry')).toMatchObject([{ value: 'attempting' }]));
    clock.increment(5000);
    const error = await call;
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error).toMatchObject({ operation: 'getTasks', timeoutMs: 5000 });
    expect(client.circuitState).toBe('open');
  });

  it('bounds an attempt by its timeout profile: a heartbeat by HealthCheckTimeoutSeconds', async () => {
    const { client } = connect({ healthCheckTimeoutSeconds: 0.05, maxRetryAttempts: 0 });
    await mock.forPost('/api/nodes/n1/heartbeat').thenTimeout();
    const error = await rejection(client.sendHeartbeat('n1'));
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error).toMatchObject({ operation: 'sendHeartbeat', timeoutMs: 50 });
  });

  it('fails with RetryBudgetExceededError once most calls fail, and retries again after successes refill it', async () => {
    // 3 tokens, a success gives one back; a retry may start only while more than 1.5 are left.
    const { client, passBackoff } = connect({ retryBudgetMaxTokens: 3, retryBudgetTokenRatio: 1 });
    await mock.forGet('/api/tasks').times(3).thenReply(503, '');
    await mock.forGet('/api/tasks').times(3).thenJson(200, []);
    await mock.forGet('/api/tasks').once().thenReply(503, '');
    const last = await mock.forGet('/api/tasks').thenJson(200, [task]);

    const first = rejection(client.getTasks());
    await passBackoff(1);
    const spent = await first;
    expect(spent).toBeInstanceOf(RetryBudgetExceededError);
    expect(spent).toMatchObject({ operation: 'getTasks', attempts: 2 });
    expect((spent as Error).cause).toMatchObject({ status: 503 });
    expect(client.retryBudgetTokens).toBe(1);

    await expect(rejection(client.getTasks())).resolves.toMatchObject({ code: 'ERR_RETRY_BUDGET', attempts: 1 });
    expect(client.retryBudgetTokens).toBe(0);

    for (let i = 0; i < 3; i += 1) await client.getTasks();
    expect(client.retryBudgetTokens).toBe(3);
    const retried = client.getTasks();
    await passBackoff(2);
    await expect(retried).resolves.toHaveLength(1);
    expect(await last.getSeenRequests()).toHaveLength(1);
  });

  it('does not retry a refused connection when MaxRetryAttempts is 0', async () => {
    const port = mock.port;
    await mock.stop();
    const { client, watch } = connect({ maxRetryAttempts: 0 }, port);
    const error = await rejection(client.getTasks());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ errorCode: 'ECONNREFUSED', retryable: true });
    expect(watch.of('retry')).toEqual([]);
    await mock.start(port);
  });
});

describe('EnhancedApiClient: Idempotency-Key', () => {
  it('sends one key per non-idempotent call, the same on every attempt (a server that honours it)', async () => {
    const { client, passBackoff } = connect({ idempotencyKeySupport: 'always' });
    const endpoint = await mock.forPost('/api/tasks').twice().thenReply(503, '');
    await mock.forPost('/api/tasks').thenJson(201, task);
    const call = client.createTask({ name: 'render', type: 'RenderThumbnails' });
    await passBackoff(1);
    await passBackoff(2);
    await expect(call).resolves.toMatchObject({ id: 7 });

    const seen = await mock.getMockedEndpoints().then((all) => Promise.all(all.map((e) => e.getSeenRequests())));
    const keys = seen.flat().map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(uuid);
    expect(new Set(keys).size).toBe(1);
    expect(await endpoint.getSeenRequests()).toHaveLength(2);

    await client.createTask({ name: 'again', type: 'RenderThumbnails' });
    const next = (await mock.getMockedEndpoints().then((all) => Promise.all(all.map((e) => e.getSeenRequests())))).flat();
    const fourth = next.map((request) => request.headers['idempotency-key']).find((key) => key !== keys[0]);
    expect(fourth).toMatch(uuid);
  });

  it('sends no key on GET, PUT or a naturally idempotent POST', async () => {
    const { client } = connect();
    const endpoint = await mock.forAnyRequest().thenReply(200, '[]');
    await client.getActiveLocks();
    await client.sendHeartbeat('n1');
    await client.assignTaskToNode(7, 'n1');
    const seen = await endpoint.getSeenRequests();
    expect(seen.map((request) => request.headers['idempotency-key'])).toEqual([undefined, undefined, undefined]);
  });
});

describe('EnhancedApiClient: a non-idempotent call against a server not known to honour its key', () => {
  it('rejects at once with OutcomeUnknownError after a 503, naming the key sent, and starts no retry actor', async () => {
    const { client, watch } = connect();
    const endpoint = await mock.forPost('/api/debug').thenReply(503, '');
    const error = await rejection(client.sendDebugMessage('worker', 'hello'));
    const [request] = await endpoint.getSeenRequests();
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ operation: 'sendDebugMessage', idempotencyKey: request?.headers['idempotency-key'] });
    expect(request?.headers['idempotency-key']).toMatch(uuid);
    expect((error as OutcomeUnknownError).cause).toMatchObject({ status: 503 });
    expect(watch.of('retry')).toEqual([]);
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
  });

  it('names the caller\'s own key, which the request carried', async () => {
    const { client } = connect();
    await mock.forPost('/api/tasks').thenResetConnection();
    const error = await rejection(client.createTask({ name: 'render', type: 'RenderThumbnails' }, { idempotencyKey: 'render-42' }));
    expect(error).toMatchObject({ code: 'ERR_OUTCOME_UNKNOWN', idempotencyKey: 'render-42' });
  });

  it('still answers a 400 with its HttpStatusError: the server said no, nothing is unknown', async () => {
    const { client } = connect();
    await mock.forPost('/api/tasks').thenReply(400, 'bad task');
    await expect(client.createTask({ name: 'render', type: 'RenderThumbnails' })).rejects.toBeInstanceOf(HttpStatusError);
  });

  it('is the same with retries off: the outcome of the one attempt is unknown', async () => {
    const { client } = connect({ maxRetryAttempts: 0 });
    await mock.forPost('/api/tasks').thenReply(502, '');
    await expect(client.createTask({ name: 'render', type: 'RenderThumbnails' })).rejects.toBeInstanceOf(OutcomeUnknownError);
  });

  it('retries one whose connection was refused (never sent) until the server listens, and creates it once', async () => {
    const port = mock.port;
    await mock.stop();
    const { client, passBackoff } = connect({ idempotencyKeySupport: 'never' }, port);
    const call = client.createTask({ name: 'render', type: 'RenderThumbnails' });
    // The first attempt was refused; while the loop backs off the server comes (back) up on the same port.
    await vi.waitFor(() => expect(harness?.watch.backoffs).toHaveLength(1));
    mock = getLocal();
    await mock.start(port);
    const endpoint = await mock.forPost('/api/tasks').thenJson(201, task);
    await passBackoff(1);
    await expect(call).resolves.toMatchObject({ id: 7 });
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
  });
});

