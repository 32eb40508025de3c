import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { NetworkError } from '../../../src/errors/index.js';
import { createHttpClient } from '../../../src/http/createHttpClient.js';
import { performAttempt } from '../../../src/http/performAttempt.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { generateTestCertificates } from '../../helpers/testCertificates.js';
import type { TestCertificates } from '../../helpers/testCertificates.js';

let certificates: TestCertificates;
let server: LoopbackServer;

beforeAll(async () => {
  certificates = generateTestCertificates();
  server = await startLoopbackServer((_request, response) => {
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify({ status: 'healthy', version: '9.9.9' }));
  }, { key: certificates.serverKey, cert: certificates.serverCert });
});

afterAll(async () => {
  await server.close();
});

describe('https', () => {
  it('refuses a server whose certificate chains to an unknown CA, by default, as a non-retryable NetworkError', async () => {
    const http = createHttpClient({ baseUrl: server.url });
    try {
      const outcome = await performAttempt(http, 'health', [], { timeoutMs: 10_000 });
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.error).toBeInstanceOf(NetworkError);
      expect((outcome.error as NetworkError).errorCode).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|ISSUER/);
      expect(outcome.failure).toMatchObject({ kind: 'network', transient: false });
    } finally {
      http.pool.destroy();
    }
  });

  it('accepts the server once its CA is configured', async () => {
    const client = new StandardApiClient(server.url, { tls: { ca: certificates.caCert } });
    try {
      await expect(client.getConnectionHealth()).resolves.toMatchObject({ isHealthy: true, serverVersion: '9.9.9' });
    } finally {
      await client.dispose();
    }
  });

  it('does not retry a certificate failure', async () => {
    const before = server.requestCount;
    const client = new StandardApiClient(server.url, { delay: () => Promise.reject(new Error('must not wait')) });
    try {
      await expect(client.getTasks()).rejects.toBeInstanceOf(NetworkError);
      expect(server.requestCount).toBe(before);
    } finally {
      await client.dispose();
    }
  });
});
