import type http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionManager, EnhancedApiClient, StandardApiClient } from '../../../src/index.js';
import type { ApiClient } from '../../../src/index.js';
import { expectNoSecrets } from '../../helpers/expectNoSecrets.js';
import { startScriptedServer } from '../badInput/support/scriptedServer.js';
import type { ScriptedServer } from '../badInput/support/scriptedServer.js';
import { failOnUnhandled } from '../badInput/support/unhandled.js';
import { BASIC_PASSWORD, JWT, OPAQUE_TOKEN, SECRETS, secretHeaders } from './support/secrets.js';

failOnUnhandled();

/**
 * How the server fails. Most answers repeat the request's credentials back, the way debug pages, careless
 * gateways and echo services do, so every text an error keeps from an answer is put to the test: a status
 * error's body, an invalid answer's snippet and its parser's excerpt, a redirect's Location.
 */
type Mode = 'unauthorized' | 'echoText500' | 'echoJson503' | 'redirect' | 'echoNotJson' | 'echoWrongShape' | 'hang' | 'reset';

function headerLines(request: http.IncomingMessage): string {
  return Object.entries(request.headers).map(([name, value]) => `${name}: ${String(value)}`).join('\n');
}

function answer(mode: Mode, request: http.IncomingMessage, response: http.ServerResponse): void {
  const write = (status: number, contentType: string, body: string, extra: Record<string, string> = {}) => {
    response.writeHead(status, { 'Content-Type': contentType, ...extra });
    response.end(body);
  };
  switch (mode) {
    case 'unauthorized':
      return write(401, 'application/json', JSON.stringify({ detail: `Authorization: ${request.headers.authorization ?? ''} was rejected` }));
    case 'echoText500':
      return write(500, 'text/plain', `Unhandled exception. Request headers:\n${headerLines(request)}`);
    case 'echoJson503':
      return write(503, 'application/json', JSON.stringify({ error: 'backend unavailable', headers: request.headers }));
    case 'redirect':
      return write(302, 'text/plain', '', { Location: `http://deploy:${BASIC_PASSWORD}@127.0.0.2:9/login?token=${OPAQUE_TOKEN}` });
    case 'echoNotJson':
      return write(200, 'application/json', `${String(request.headers['ocp-apim-subscription-key'])} ${headerLines(request)}`);
    case 'echoWrongShape':
      return write(200, 'application/json', JSON.stringify(request.headers));
    case 'hang':
      return; // never answers: the client's timeout ends the call
    case 'reset':
      return void request.socket.resetAndDestroy();
  }
}

let mode: Mode = 'hang';
let server: ScriptedServer;
let closedUrl: string;

beforeAll(async () => {
  server = await startScriptedServer((request, response) => answer(mode, request, response));
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(async () => {
  await server.close();
});

// Short timeouts so a hanging answer ends the call in about a second; one retry with no wait.
const CONNECTION = {
  defaultTimeoutSeconds: 1, healthCheckTimeoutSeconds: 1, taskOperationTimeoutSeconds: 2, maxRetryAttempts: 1,
  baseRetryDelayMs: 0, maxRetryDelayMs: 0,
} as const;

/** Each client kind, with its host's secret headers; `dispose` ends whatever it started. */
const clients: ReadonlyArray<readonly [string, (url: string, bearer: string) => { api: ApiClient; dispose: () => Promise<void> }]> = [
  ['EnhancedApiClient', (url, bearer) => {
    const api = new EnhancedApiClient(url, { connection: CONNECTION, headers: secretHeaders(bearer) });
    return { api, dispose: () => api.dispose() };
  }],
  ['StandardApiClient', (url, bearer) => {
    const api = new StandardApiClient(url, { timeoutMs: 1000, healthTimeoutMs: 1000, maxAttempts: 2, delayMs: 0, headers: secretHeaders(bearer) });
    return { api, dispose: () => api.dispose() };
  }],
  ['ConnectionManager (manager.client)', (url, bearer) => {
    const manager = new ConnectionManager({ baseUrl: url, connection: CONNECTION, headers: secretHeaders(bearer) });
    return { api: manager.client, dispose: () => manager.dispose() };
  }],
];

/** Everything a host could print or log of a rejection: the error, each form of it, the health it leaves. */
async function expectSafe(error: unknown, api: ApiClient): Promise<void> {
  expect(error).toBeInstanceOf(Error);
  expectNoSecrets(error, SECRETS);
  expectNoSecrets(inspect(error, { depth: Infinity, showHidden: true }), SECRETS);
  expectNoSecrets(inspect(error, { depth: Infinity, showHidden: true, customInspect: false }), SECRETS);
  expectNoSecrets(JSON.stringify(error), SECRETS);
  expectNoSecrets(String(error), SECRETS);
  expectNoSecrets((error as { rawCause?: unknown }).rawCause, SECRETS);
  expectNoSecrets((await api.getConnectionHealth()).lastError, SECRETS);
}

const MODES: ReadonlyArray<readonly [Mode, RegExp]> = [
  ['unauthorized', /HTTP 401/],
  ['echoText500', /HTTP 500/],
  ['echoJson503', /HTTP 503/],
  ['redirect', /redirect to http:\/\/deploy:\[REDACTED\]@127\.0\.0\.2:9\/login\?token=\[REDACTED\]/],
  ['echoNotJson', /invalid response \(malformedJson\)/],
  ['echoWrongShape', /invalid response \(shape\)/],
  ['hang', /timed out/],
  ['reset', /ECONNRESET|socket hang up/],
];

describe.each(clients)('%s: no secret in what a failed call rejects with', (_name, create) => {
  // The opaque token is short, so an echo shows every header within a body snippet's 200 characters.
  it.each(MODES)('when the server answers %s', async (next, expected) => {
    mode = next;
    const { api, dispose } = create(server.url, OPAQUE_TOKEN);
    try {
      const error = await api.getTasks().then(() => undefined, (reason: unknown) => reason);
      // The echo reached the error, redacted: the scan is worth something.
      expect(String(error)).toMatch(expected);
      await expectSafe(error, api);
    } finally {
      await dispose();
    }
  });

  it('when the connection is refused (a JWT bearer)', async () => {
    const { api, dispose } = create(closedUrl, JWT);
    try {
      const error = await api.getTasks().then(() => undefined, (reason: unknown) => reason);
      expect(error).toMatchObject({ code: 'ERR_NETWORK', url: `${closedUrl}/api/tasks`, cause: { code: 'ECONNREFUSED' } });
      await expectSafe(error, api);
    } finally {
      await dispose();
    }
  });
});

it('the echoed headers whose names no rule knows are redacted by value', async () => {
  mode = 'echoJson503';
  const api = new StandardApiClient(server.url, { maxAttempts: 1, headers: secretHeaders(OPAQUE_TOKEN) });
  try {
    const error = await api.getTasks().then(() => undefined, (reason: unknown) => reason);
    // Whole, or cut by the 200-character snippet: either way its head is gone too.
    expect((error as { body?: string }).body).toContain('"ocp-apim-subscription-key":"[REDACTED]');
  } finally {
    await api.dispose();
  }
});
