import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { NetworkError } from '../../../src/errors/index.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { generateTestCertificates } from '../../helpers/testCertificates.js';
import type { TestCertificates } from '../../helpers/testCertificates.js';

let certificates: TestCertificates;
let server: LoopbackServer;

beforeAll(async () => {
  certificates = generateTestCertificates();
  server = await startLoopbackServer((request, response) => {
    response.setHeader('Content-Type', 'application/json');
    response.end(request.url === '/api/health' ? JSON.stringify({ status: 'healthy', version: '9.9.9' }) : '[]');
  }, { key: certificates.serverKey, cert: certificates.serverCert });
});

afterAll(async () => {
  await server.close();
});

describe('EnhancedApiClient over https', () => {
  it('talks to a server whose certificate chains to the configured CA', async () => {
    const client = new EnhancedApiClient(server.url, { tls: { ca: certificates.caCert } });
    try {
      await expect(client.getTasks()).resolves.toEqual([]);
      await expect(client.getConnectionHealth()).resolves.toMatchObject({ isHealthy: true, serverVersion: '9.9.9' });
    } finally {
      await client.dispose();
    }
  });

  it('refuses an unknown CA at once, without retrying or counting it toward the breaker', async () => {
    const before = server.requestCount;
    const client = new EnhancedApiClient(server.url, { connection: { circuitBreakerFailureThreshold: 1, circuitBreakerMinimumThroughput: 1 } });
    try {
      const error = await client.getTasks().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ retryable: false });
      expect(client.circuitState).toBe('closed');
      expect(server.requestCount).toBe(before);
    } finally {
      await client.dispose();
    }
  });
});
