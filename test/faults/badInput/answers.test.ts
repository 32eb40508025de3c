import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpStatusError, InvalidResponseError, NetworkError } from '../../../src/index.js';
import { clientKinds, MAX_RESPONSE_BYTES, rejectionOf } from './support/clients.js';
import type { ClientUnderTest } from './support/clients.js';
import { GOOD_TASK, goodTasks, send, startScriptedServer } from './support/scriptedServer.js';
import type { Script, ScriptedServer } from './support/scriptedServer.js';
import { failOnUnhandled } from './support/unhandled.js';

failOnUnhandled();

/**
 * One bad answer to `getTasks` and what the caller must get for it: the error's class and fields, whether the
 * client tries again (a transient fault) and how the Enhanced breaker counts it (invalid answers are answers:
 * a call, not a failure; a cut-off body is no answer: a failure).
 */
interface BadAnswer {
  readonly name: string;
  readonly script: Script;
  readonly error: typeof InvalidResponseError | typeof NetworkError | typeof HttpStatusError;
  readonly fields: Record<string, unknown>;
  /** Whether the fault is transient, so both clients send the request a second time. */
  readonly retried: boolean;
}

const bigBody = JSON.stringify(Array.from({ length: 2000 }, (_, id) => ({ ...GOOD_TASK, id })));

const cases: readonly BadAnswer[] = [
  {
    name: 'malformed JSON',
    script: send(200, '[{"id": 7, "name": '),
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'malformedJson', status: 200 },
    retried: false,
  },
  {
    name: 'an empty 200 body',
    script: send(200, ''),
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'malformedJson', status: 200 },
    retried: false,
  },
  {
    name: 'an HTML page with 200 (a captive portal or a login page)',
    script: send(200, '<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>', 'text/html'),
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'html', status: 200 },
    retried: false,
  },
  {
    name: 'an HTML page labelled as JSON',
    script: send(200, '<html><head><title>Error</title></head></html>'),
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'html' },
    retried: false,
  },
  {
    name: "a proxy's HTML 502 page",
    script: send(502, '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>', 'text/html'),
    error: HttpStatusError,
    fields: { code: 'ERR_HTTP_STATUS', operation: 'getTasks', status: 502 },
    retried: true,
  },
  {
    name: 'an object where a list is expected',
    script: send(200, JSON.stringify({ tasks: [GOOD_TASK] })),
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'shape' },
    retried: false,
  },
  {
    name: 'a task whose id is a string',
    script: send(200, JSON.stringify([{ ...GOOD_TASK, id: 'seven' }])),
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'shape', message: expect.stringContaining('0.id') },
    retried: false,
  },
  {
    name: 'a task whose status is not a known enum value',
    script: send(200, JSON.stringify([{ ...GOOD_TASK, status: 'Exploded' }])),
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'shape', message: expect.stringContaining('0.status') },
    retried: false,
  },
  {
    name: 'a body cut short (Content-Length larger than what was sent, then the connection closed)',
    script: (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4096' });
      response.write('[{"id": 7, "name": "Render');
      // Let the partial body leave before the reset, so the client has seen headers and part of the body.
      response.socket?.end();
    },
    error: NetworkError,
    fields: { code: 'ERR_NETWORK', operation: 'getTasks', errorCode: 'ECONNRESET', retryable: true, message: expect.stringContaining('before the body') },
    retried: true,
  },
  {
    name: `a body over MaxResponseBytes (${MAX_RESPONSE_BYTES} bytes) with its Content-Length`,
    script: send(200, bigBody),
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'tooLarge' },
    retried: false,
  },
  {
    name: 'a chunked body without a length that grows past MaxResponseBytes',
    script: (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('[');
      const chunk = `${JSON.stringify(GOOD_TASK)},`;
      // Writes until the client gives up (the socket closes) or 64 times the cap, whichever is first.
      let written = 0;
      const pump = (): void => {
        while (!response.destroyed && written < MAX_RESPONSE_BYTES * 64) {
          written += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        if (!response.destroyed) response.end('{}]');
      };
      pump();
    },
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'tooLarge' },
    retried: false,
  },
  {
    name: 'a gzip bomb (50 KiB that inflate to 50 MiB, far over MaxResponseBytes)',
    script: encoded(gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20))),
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'tooLarge' },
    retried: false,
  },
  {
    name: 'a body labelled gzip that is not',
    script: encoded(Buffer.from('[{"id": 7}] is plain text')),
    error: InvalidResponseError,
    fields: { code: 'ERR_INVALID_RESPONSE', operation: 'getTasks', reason: 'malformedJson', status: 200, message: expect.stringContaining('compression') },
    retried: false,
  },
];

/** Answers `body` as it is, labelled `Content-Encoding: gzip`. */
function encoded(body: Buffer): Script {
  return (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
    response.end(body);
  };
}

let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer(goodTasks);
});

afterAll(async () => {
  await server.close();
});

describe.each(clientKinds)('$name given a bad answer', (kind) => {
  let client: ClientUnderTest;

  beforeEach(() => {
    client = kind.create(server.url);
  });

  afterEach(async () => {
    server.answer(goodTasks);
    await client.api.dispose();
  });

  it.each(cases)('rejects $name with a typed error naming the operation, then reads the next good answer', async (bad) => {
    server.answer(bad.script);
    const before = server.requestCount;

    const error = await rejectionOf(client.api.getTasks());

    expect(error).toBeInstanceOf(bad.error);
    expect(error).toMatchObject(bad.fields);
    expect((error as Error).message).toMatch(/^getTasks: /);
    expect(server.requestCount - before).toBe(bad.retried ? 2 : 1);
    // Invalid answers are answers (a call, no failure); no answer at all (a cut-off body) and 5xx are failures.
    expect(client.breakerTotals()).toEqual(kind.name === 'EnhancedApiClient'
      ? { calls: bad.retried ? 2 : 1, failures: bad.retried ? 2 : 0, state: 'closed' }
      : undefined);

    server.answer(goodTasks);
    await expect(client.api.getTasks()).resolves.toEqual([GOOD_TASK]);
  });

  it.each([
    ['an HTML login page with 200', send(200, '<!doctype html><title>Sign in</title>', 'text/html'), /html/],
    ['malformed JSON', send(200, '{"status": "healthy",'), /malformedJson/],
    ['a health answer of the wrong shape', send(200, '{"status": 1}'), /shape/],
  ] as const)('reports health as unhealthy (never a throw) for %s, naming the cause, then healthy again', async (_name, script, cause) => {
    server.answer(script);

    const health = await client.api.getConnectionHealth();

    expect(health.isHealthy).toBe(false);
    expect(health.lastError).toMatch(cause);
    server.answer(send(200, JSON.stringify({ status: 'healthy', version: '3.1.0' })));
    await expect(client.api.getConnectionHealth()).resolves.toMatchObject({ isHealthy: true, serverVersion: '3.1.0' });
  });
});
