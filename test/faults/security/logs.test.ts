import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_LOG_CATEGORIES, CONNECTION_LOG_CATEGORY, ConnectionManager, EnhancedApiClient, StandardApiClient, createLogger,
} from '../../../src/index.js';
import type { ApiClient, IdempotencyKeySupport, LoggerFactory } from '../../../src/index.js';
import { startScriptedServer } from '../badInput/support/scriptedServer.js';
import type { ScriptedServer } from '../badInput/support/scriptedServer.js';
import { failOnUnhandled } from '../badInput/support/unhandled.js';
import { BASIC_PASSWORD, CaptureTransport, JWT, OPAQUE_TOKEN, SECRETS, secretHeaders } from './support/secrets.js';

failOnUnhandled();

/**
 * How the server misbehaves. The echoing answers repeat the request's credentials back, as debug pages and
 * careless gateways do, so the library's own logging of answer bodies is put to the test too.
 */
type Mode = 'unauthorized' | 'echo500' | 'echoJson503' | 'hang' | 'redirect' | 'ok';

function answer(mode: Mode, request: http.IncomingMessage, response: http.ServerResponse): void {
  const headers = request.headers;
  const json = (status: number, body: unknown, extra: Record<string, string> = {}) => {
    response.writeHead(status, { 'Content-Type': 'application/json', ...extra });
    response.end(JSON.stringify(body));
  };
  switch (mode) {
    case 'unauthorized':
      return json(401, { title: 'Unauthorized', detail: `Authorization: ${headers.authorization ?? ''} was rejected` },
        { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    case 'echo500':
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      return void response.end(`Unhandled exception for request with authorization=${headers.authorization ?? ''}; x-api-key: ${String(headers['x-api-key'])}; cookie: ${headers.cookie ?? ''}`);
    case 'echoJson503':
      return json(503, { error: 'backend unavailable', request: { headers } });
    case 'hang':
      return; // never answers: the client's timeout ends the call
    case 'redirect':
      response.writeHead(302, { Location: 'http://127.0.0.2:9/login?next=/api/tasks' });
      return void response.end();
    case 'ok':
      return json(200, request.url === '/api/health' ? { status: 'healthy', version: '1.0.0' } : []);
  }
}

let mode: Mode = 'ok';
let server: ScriptedServer;
const capture = new CaptureTransport();
let logging: LoggerFactory;

beforeAll(async () => {
  server = await startScriptedServer((request, response) => answer(mode, request, response));
  // Every level of every category: a secret at Trace is as leaked as one at Error.
  logging = createLogger({ settings: { logLevel: { Default: 'Trace' } }, transports: [capture] });
});

afterAll(async () => {
  logging.close();
  await server.close();
});

// Short timeouts so a hanging answer ends the call in about a second; one retry with no wait.
const CONNECTION = {
  defaultTimeoutSeconds: 1, healthCheckTimeoutSeconds: 1, taskOperationTimeoutSeconds: 2, maxRetryAttempts: 1,
  baseRetryDelayMs: 0, maxRetryDelayMs: 0, circuitBreakerFailureThreshold: 2, circuitBreakerMinimumThroughput: 2,
} as const;

const host = () => logging.forCategory('Host.Worker');

/**
 * Runs `call` under `each` mode, then logs what it threw through the library's logger as a host would: the error
 * itself, its cause (a summary of an axios error), and its raw cause (the scrubbed copy of the axios error, with
 * the request config and its headers).
 */
async function drive(api: ApiClient, modes: readonly Mode[], call: (api: ApiClient) => Promise<unknown>): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const next of modes) {
    mode = next;
    try {
      await call(api);
    } catch (error) {
      errors.push(error);
      host().error('call failed', { error });
      host().debug('call failed, cause', { error: (error as { cause?: unknown }).cause, mode: next });
      host().debug('call failed, raw cause', { error: (error as { rawCause?: unknown }).rawCause, mode: next });
    }
  }
  mode = 'ok';
  return errors;
}

const FAILING: readonly Mode[] = ['unauthorized', 'echo500', 'echoJson503', 'redirect', 'hang'];

describe('no secret in any log line', () => {
  it('EnhancedApiClient: 401, timeout, redirect, echoed 5xx with retries, breaker opening and refusals, refused connection', async () => {
    const before = capture.records.length;
    const enhanced = (baseUrl: string, bearer: string, keys: IdempotencyKeySupport = 'auto') => new EnhancedApiClient(baseUrl, {
      connection: { ...CONNECTION, idempotencyKeySupport: keys }, headers: secretHeaders(bearer), logger: logging.forCategory(CLIENT_LOG_CATEGORIES.enhanced),
    });
    // The breaker opens on the second transient failure: the answers that must be seen come first.
    const first = enhanced(server.url, JWT);
    // A server taken to honour the key: the createTask is retried, so the retry's log lines are scanned too.
    const second = enhanced(server.url, OPAQUE_TOKEN, 'always');
    // One that is not: the echoed 500 becomes an OutcomeUnknownError, whose message carries its cause's.
    const third = enhanced(server.url, JWT);
    const refused = enhanced('http://127.0.0.1:9', OPAQUE_TOKEN);
    try {
      await drive(first, ['hang', 'redirect', 'unauthorized', 'echoJson503'], (client) => client.getTasks());
      await first.getConnectionHealth();
      const errors = await drive(second, ['echo500', 'echo500', 'echo500'], (client) => client.createTask({ name: 'x', type: 'HelloWorld' }));
      const unknown = await drive(third, ['echo500'], (client) => client.createTask({ name: 'x', type: 'HelloWorld' }));
      await drive(refused, ['ok'], (client) => client.getTasks());

      expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['ERR_HTTP_STATUS', 'ERR_CIRCUIT_OPEN', 'ERR_CIRCUIT_OPEN']);
      expect(unknown.map((e) => (e as { code?: string }).code)).toEqual(['ERR_OUTCOME_UNKNOWN']);
    } finally {
      await Promise.all([first.dispose(), second.dispose(), third.dispose(), refused.dispose()]);
    }

    const lines = capture.texts().slice(before);
    // The scan is only worth something if the secrets' surroundings did reach the log, redacted.
    expect(lines.some((line) => line.includes('OPERATION_TIMEOUT'))).toBe(true);
    expect(lines.some((line) => line.includes('retrying') && line.includes('authorization=Bearer [REDACTED]'))).toBe(true);
    expect(lines.some((line) => line.includes('Circuit breaker is open'))).toBe(true);
    expect(lines.some((line) => line.includes('"Authorization":"[REDACTED]"') && line.includes('ECONNREFUSED'))).toBe(true);
    expect(capture.leaks(SECRETS)).toEqual([]);
  });

  it('a base URL with a password is refused before any request, and neither the error nor its log line repeats it', () => {
    const before = capture.records.length;
    const url = server.url.replace('http://', `http://deploy:${BASIC_PASSWORD}@`);
    const attempts = [
      () => new EnhancedApiClient(url, { logger: logging.forCategory(CLIENT_LOG_CATEGORIES.enhanced) }),
      () => new StandardApiClient(url, { logger: logging.forCategory(CLIENT_LOG_CATEGORIES.standard) }),
      () => new ConnectionManager({ baseUrl: url, logger: logging }),
    ];
    const requests = server.requestCount;
    for (const attempt of attempts) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
        host().error('could not start the client', { error, baseUrl: url });
      }
      expect(thrown).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
      expect(JSON.stringify({ message: (thrown as Error).message, stack: (thrown as Error).stack })).not.toContain(BASIC_PASSWORD);
    }
    expect(server.requestCount).toBe(requests);
    expect(capture.records.length - before).toBe(attempts.length);
    expect(capture.leaks(SECRETS)).toEqual([]);
  });

  it('StandardApiClient: the same failures with its fixed retries', async () => {
    const before = capture.records.length;
    const api = new StandardApiClient(server.url, {
      timeoutMs: 1000, healthTimeoutMs: 1000, maxAttempts: 2, delayMs: 0,
      headers: secretHeaders(OPAQUE_TOKEN), logger: logging.forCategory(CLIENT_LOG_CATEGORIES.standard),
    });
    try {
      await drive(api, FAILING, (client) => client.getTasks());
      await drive(api, ['echo500'], (client) => client.getAllNodes());
    } finally {
      await api.dispose();
    }

    expect(capture.records.length - before).toBeGreaterThan(5);
    expect(capture.leaks(SECRETS)).toEqual([]);
  });

  it('ConnectionManager: failed switches, recreations and recovery while every answer echoes the credentials', async () => {
    const before = capture.records.length;
    const manager = new ConnectionManager({
      baseUrl: server.url,
      connection: CONNECTION,
      apiSettings: { enableAutoRecovery: true },
      logger: logging,
      // The default factory sends no headers; a host that authenticates builds its clients with them.
      createClient: (type, baseUrl) => type === 'enhanced'
        ? new EnhancedApiClient(baseUrl, { connection: CONNECTION, headers: secretHeaders(JWT), logger: logging.forCategory(CLIENT_LOG_CATEGORIES.enhanced) })
        : new StandardApiClient(baseUrl, { timeoutMs: 1000, maxAttempts: 2, delayMs: 0, headers: secretHeaders(JWT), logger: logging.forCategory(CLIENT_LOG_CATEGORIES.standard) }),
    });
    try {
      for (const next of ['unauthorized', 'echo500', 'echoJson503', 'redirect'] as const) {
        mode = next;
        await drive(manager.client, [next, next, next], (client) => client.getTasks());
        mode = next;
        expect(await manager.switchToStandardClient()).toBe(false);
        mode = next;
        await manager.recreateConnection();
        mode = next;
        await manager.tryAutoRecoverConnection();
      }
      mode = 'ok';
      expect(await manager.switchToStandardClient()).toBe(true);
    } finally {
      mode = 'ok';
      await manager.dispose();
    }

    const lines = capture.texts().slice(before);
    expect(lines.some((line) => line.includes(CONNECTION_LOG_CATEGORY) && line.includes('failed'))).toBe(true);
    expect(capture.leaks(SECRETS)).toEqual([]);
  });
});
