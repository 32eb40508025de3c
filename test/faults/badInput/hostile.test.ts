import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpStatusError, InvalidResponseError, NetworkError } from '../../../src/index.js';
import { clientKinds, rejectionOf } from './support/clients.js';
import type { ClientUnderTest } from './support/clients.js';
import { GOOD_TASK, goodTasks, send, startScriptedServer } from './support/scriptedServer.js';
import type { ScriptedServer } from './support/scriptedServer.js';
import { failOnUnhandled } from './support/unhandled.js';

failOnUnhandled();

/** The task's fields as JSON text without its braces, to splice hostile keys in front of them. */
const TASK_FIELDS = JSON.stringify(GOOD_TASK).slice(1, -1);

/** No key an attack could have planted shows up on a fresh object or on Object.prototype. */
function expectNoPollution(): void {
  const fresh: Record<string, unknown> = {};
  for (const key of ['polluted', 'isAdmin', 'id', 'status']) {
    expect(fresh[key], key).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, key), key).toBe(false);
  }
  expect(Object.getPrototypeOf(fresh)).toBe(Object.prototype);
}

let server: ScriptedServer;
let huge: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer(goodTasks);
  // Node's default limit is 16 KiB; this server may receive (and send) headers up to 1 MiB.
  huge = await startScriptedServer(goodTasks, { maxHeaderSize: 1024 * 1024 });
});

afterAll(async () => {
  await Promise.all([server.close(), huge.close()]);
  expectNoPollution();
});

describe.each(clientKinds)('$name given hostile JSON', (kind) => {
  let client: ClientUnderTest;

  beforeEach(() => {
    client = kind.create(server.url);
  });

  afterEach(async () => {
    server.answer(goodTasks);
    await client.api.dispose();
  });

  it('drops __proto__ keys in list items: the tasks are plain, typed and nothing is polluted', async () => {
    server.answer(send(200, `[{"__proto__": {"polluted": "yes", "isAdmin": true}, ${TASK_FIELDS}}]`));

    const tasks = await client.api.getTasks();

    expect(tasks).toEqual([GOOD_TASK]);
    const [task] = tasks;
    expect(Object.getPrototypeOf(task)).toBe(Object.prototype);
    expect(Object.keys(task ?? {})).not.toContain('__proto__');
    expect((task as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expectNoPollution();
  });

  it('drops constructor.prototype keys at any depth', async () => {
    server.answer(send(200, `[{"constructor": {"prototype": {"polluted": "yes"}}, ${TASK_FIELDS}}]`));

    await expect(client.api.getTasks()).resolves.toEqual([GOOD_TASK]);
    expectNoPollution();
  });

  it('does not take the fields of a __proto__ object as the answer: a task hidden there is a shape error', async () => {
    server.answer(send(200, `{"__proto__": ${JSON.stringify(GOOD_TASK)}}`));

    const error = await rejectionOf(client.api.getTaskById(7));

    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_RESPONSE', operation: 'getTaskById', reason: 'shape' });
    expectNoPollution();
  });

  it('reads a health answer carrying __proto__ keys as a plain health answer', async () => {
    server.answer(send(200, '{"__proto__": {"polluted": "yes"}, "status": "healthy", "version": "1.2.3"}'));

    await expect(client.api.getConnectionHealth()).resolves.toMatchObject({ isHealthy: true, serverVersion: '1.2.3' });
    expectNoPollution();
  });

  it('rejects JSON nested 20000 deep with a typed shape error, without a stack overflow', async () => {
    server.answer(send(200, `${'['.repeat(20_000)}${']'.repeat(20_000)}`));

    const error = await rejectionOf(client.api.getTasks());

    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ operation: 'getTasks', reason: 'shape' });
    server.answer(goodTasks);
    await expect(client.api.getTasks()).resolves.toEqual([GOOD_TASK]);
  });
});

describe.each(clientKinds)('$name and very long headers', (kind) => {
  let client: ClientUnderTest | undefined;

  afterEach(async () => {
    huge.answer(goodTasks);
    await client?.api.dispose();
  });

  // Node's parser rejects the answer before axios sees a status, so it is a network failure like a reset:
  // retried once and, for Enhanced, two breaker failures. A server that garbles HTTP is a server fault.
  it("fails with a retryable NetworkError naming Node's header overflow when the server sends a 64 KiB header", async () => {
    client = kind.create(huge.url);
    const before = huge.requestCount;
    huge.answer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'X-Padding': 'a'.repeat(64 * 1024) });
      response.end('[]');
    });

    const error = await rejectionOf(client.api.getTasks());

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ERR_NETWORK', operation: 'getTasks', errorCode: 'HPE_HEADER_OVERFLOW', retryable: true });
    expect(huge.requestCount - before).toBe(2);
    expect(client.breakerTotals()).toEqual(kind.name === 'EnhancedApiClient' ? { calls: 2, failures: 2, state: 'closed' } : undefined);
    huge.answer(goodTasks);
    await expect(client.api.getTasks()).resolves.toEqual([GOOD_TASK]);
  });

  it('gets HTTP 431 (not retried, not a breaker failure) when its own header is larger than the server accepts', async () => {
    client = kind.create(server.url, { 'X-Trace': 't'.repeat(32 * 1024) });
    const before = server.requestCount;

    const error = await rejectionOf(client.api.getTasks());

    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ code: 'ERR_HTTP_STATUS', operation: 'getTasks', status: 431 });
    // Node answers 431 itself: the request never reaches the handler.
    expect(server.requestCount).toBe(before);
    expect(client.breakerTotals()).toEqual(kind.name === 'EnhancedApiClient' ? { calls: 1, failures: 0, state: 'closed' } : undefined);
  });

  it('sends a 64 KiB header value intact to a server that accepts it', async () => {
    const value = 'v'.repeat(64 * 1024);
    client = kind.create(huge.url, { 'X-Trace': value });

    await expect(client.api.getTasks()).resolves.toEqual([GOOD_TASK]);
    expect(huge.lastHeaders?.['x-trace']).toBe(value);
  });
});
