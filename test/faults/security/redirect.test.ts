import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionManager, EnhancedApiClient, InvalidResponseError, StandardApiClient } from '../../../src/index.js';
import type { ApiClient } from '../../../src/index.js';
import { rejectionOf } from '../badInput/support/clients.js';
import { send, startScriptedServer } from '../badInput/support/scriptedServer.js';
import type { ScriptedServer } from '../badInput/support/scriptedServer.js';
import { failOnUnhandled } from '../badInput/support/unhandled.js';
import { JWT, secretHeaders } from './support/secrets.js';

failOnUnhandled();

/** The origin that redirects, and the two places it sends clients: another host and another port. */
let origin: ScriptedServer;
let otherHost: ScriptedServer;
let otherPort: ScriptedServer;
let redirect: { status: number; location: string };

beforeAll(async () => {
  // A trap: anything reaching these servers would be answered well, so only a request count can tell.
  const trap = send(200, '[]');
  otherHost = await startScriptedServer(trap, { host: '127.0.0.2' });
  otherPort = await startScriptedServer(trap);
  origin = await startScriptedServer((_request, response) => {
    response.writeHead(redirect.status, { Location: redirect.location, 'Content-Length': '0' });
    response.end();
  });
});

afterAll(async () => {
  await Promise.all([origin.close(), otherHost.close(), otherPort.close()]);
});

const clients: ReadonlyArray<readonly [string, (url: string) => ApiClient]> = [
  ['EnhancedApiClient', (url) => new EnhancedApiClient(url, { headers: secretHeaders(JWT), connection: { maxRetryAttempts: 1, baseRetryDelayMs: 0, maxRetryDelayMs: 0 } })],
  ['StandardApiClient', (url) => new StandardApiClient(url, { headers: secretHeaders(JWT), maxAttempts: 2, delayMs: 0 })],
];

const targets = [
  ['another host (127.0.0.2)', () => `${otherHost.url}/api/tasks`],
  ['another port', () => `${otherPort.url}/api/tasks`],
] as const;

/** Every operation kind: a JSON read, a non-idempotent POST (307/308 keep method and body) and a boolean one. */
const calls: ReadonlyArray<readonly [string, (api: ApiClient) => Promise<unknown>]> = [
  ['getTasks', (api) => api.getTasks()],
  ['createTask', (api) => api.createTask({ name: 'render', type: 'HelloWorld' })],
  ['sendHeartbeat', (api) => api.sendHeartbeat('node-1')],
];

describe.each(clients)('%s given a redirect', (_name, create) => {
  describe.each(targets)('to %s', (_target, location) => {
    it.each([301, 302, 303, 307, 308])('HTTP %i: not followed, typed error naming the operation and the Location, nothing sent there', async (status) => {
      redirect = { status, location: location() };
      const api = create(origin.url);
      try {
        for (const [operation, call] of calls) {
          const before = origin.requestCount;

          const error = await rejectionOf(call(api));

          expect(error).toBeInstanceOf(InvalidResponseError);
          expect(error).toMatchObject({ code: 'ERR_INVALID_RESPONSE', operation, reason: 'redirect', status });
          expect((error as Error).message).toContain(redirect.location);
          // Sent once to the origin, with its credentials; never retried, never anywhere else.
          expect(origin.requestCount - before).toBe(1);
          expect(origin.lastHeaders?.authorization).toBe(`Bearer ${JWT}`);
        }
      } finally {
        await api.dispose();
      }
      expect([otherHost.requestCount, otherHost.connectionCount, otherPort.requestCount, otherPort.connectionCount]).toEqual([0, 0, 0, 0]);
    });
  });
});

describe('ConnectionManager given redirects', () => {
  it('fails calls and client tests with the redirect error and never contacts the other host', async () => {
    redirect = { status: 302, location: `${otherHost.url}/api/health` };
    const manager = new ConnectionManager({ baseUrl: origin.url, connection: { maxRetryAttempts: 0 } });
    try {
      await expect(manager.client.getTasks()).rejects.toMatchObject({ code: 'ERR_INVALID_RESPONSE', reason: 'redirect', status: 302 });
      expect(await manager.switchToStandardClient()).toBe(false);
      expect(await manager.recreateConnection()).toBe(false);
      expect(manager.lastHealthStatus?.isHealthy ?? false).toBe(false);
    } finally {
      await manager.dispose();
    }
    expect([otherHost.requestCount, otherHost.connectionCount]).toEqual([0, 0]);
  });
});
