import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionManager, EnhancedApiClient, NetworkError, StandardApiClient } from '../../../src/index.js';
import type { ApiClient } from '../../../src/index.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { generateTestCertificates } from '../../helpers/testCertificates.js';
import type { TestCertificates } from '../../helpers/testCertificates.js';
import { rejectionOf } from '../badInput/support/clients.js';
import { failOnUnhandled } from '../badInput/support/unhandled.js';
import { JWT, secretHeaders } from './support/secrets.js';

failOnUnhandled();

let certificates: TestCertificates;
/** A CA that did not sign the server's certificate. */
let otherCa: string;
let server: LoopbackServer;
let lastAuthorization: string | undefined;

beforeAll(async () => {
  certificates = generateTestCertificates();
  otherCa = generateTestCertificates().caCert;
  server = await startLoopbackServer((request, response) => {
    lastAuthorization = request.headers.authorization;
    response.setHeader('Content-Type', 'application/json');
    response.end(request.url === '/api/health' ? JSON.stringify({ status: 'healthy', version: '2.0.0' }) : '[]');
  }, { key: certificates.serverKey, cert: certificates.serverCert });
});

afterAll(async () => {
  await server.close();
});

type Tls = { ca?: string } | undefined;
const clients: ReadonlyArray<readonly [string, (tls: Tls) => ApiClient]> = [
  ['EnhancedApiClient', (tls) => new EnhancedApiClient(server.url, { headers: secretHeaders(JWT), ...(tls === undefined ? {} : { tls }) })],
  ['StandardApiClient', (tls) => new StandardApiClient(server.url, { headers: secretHeaders(JWT), delayMs: 0, ...(tls === undefined ? {} : { tls }) })],
];

describe.each(clients)('%s against an https server whose CA is self-signed', (_name, create) => {
  it.each([
    ['no CA configured (Node\'s public roots)', false, /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/],
    ['another CA configured', true, /UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|SELF_SIGNED/],
  ] as const)('refuses with %s: a non-retryable NetworkError, once, and no request ever reaches the server', async (_label, withOtherCa, errorCode) => {
    const api = create(withOtherCa ? { ca: otherCa } : undefined);
    const before = { requests: server.requestCount, connections: server.connectionCount };
    try {
      const error = await rejectionOf(api.getTasks());

      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'ERR_NETWORK', operation: 'getTasks', retryable: false });
      expect((error as NetworkError).errorCode).toMatch(errorCode);
      // The handshake failed: nothing, the headers included, was sent. One handshake: no retry of a certificate error.
      expect(server.requestCount).toBe(before.requests);
      expect(server.connectionCount).toBe(before.connections);
      await expect(api.getConnectionHealth()).resolves.toMatchObject({ isHealthy: false });
    } finally {
      await api.dispose();
    }
  });

  it('accepts the server once its CA is configured, and the credentials reach it', async () => {
    const api = create({ ca: certificates.caCert });
    try {
      await expect(api.getTasks()).resolves.toEqual([]);
      await expect(api.getConnectionHealth()).resolves.toMatchObject({ isHealthy: true, serverVersion: '2.0.0' });
      expect(lastAuthorization).toBe(`Bearer ${JWT}`);
    } finally {
      await api.dispose();
    }
  });
});

describe('ConnectionManager against the self-signed server', () => {
  it('with its default clients (no CA), refuses every call and every switch without sending a request', async () => {
    const before = server.requestCount;
    const manager = new ConnectionManager({ baseUrl: server.url, connection: { maxRetryAttempts: 0 } });
    try {
      await expect(manager.client.getTasks()).rejects.toMatchObject({ code: 'ERR_NETWORK', retryable: false });
      expect(await manager.switchToStandardClient()).toBe(false);
    } finally {
      await manager.dispose();
    }
    expect(server.requestCount).toBe(before);
  });

  it('works through clients built with the CA', async () => {
    const manager = new ConnectionManager({
      baseUrl: server.url,
      createClient: (type, baseUrl) => type === 'enhanced'
        ? new EnhancedApiClient(baseUrl, { tls: { ca: certificates.caCert } })
        : new StandardApiClient(baseUrl, { tls: { ca: certificates.caCert } }),
    });
    try {
      await expect(manager.client.getTasks()).resolves.toEqual([]);
      expect(await manager.switchToStandardClient()).toBe(true);
      await expect(manager.client.getTasks()).resolves.toEqual([]);
    } finally {
      await manager.dispose();
    }
  });
});
