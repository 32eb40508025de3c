import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/errors/NetworkError.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { generateTestCertificates } from '../../helpers/testCertificates.js';

// The default factory must give its clients the manager's headers and TLS settings: a host that authenticates or
// trusts a private CA should not have to write its own factory.
const seen: IncomingHttpHeaders[] = [];
let server: LoopbackServer | undefined;
let manager: ConnectionManager | undefined;

function answer(tls?: { key: string; cert: string }): Promise<LoopbackServer> {
  return startLoopbackServer((request, response) => {
    seen.push(request.headers);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(request.url === '/api/health' ? JSON.stringify({ status: 'Healthy', version: '1.0.0' }) : '[]');
  }, tls);
}

afterEach(async () => {
  await manager?.dispose();
  await server?.close();
  manager = undefined;
  server = undefined;
  seen.length = 0;
});

describe('ConnectionManager transport options (default factory)', () => {
  it.each([true, false])('sends its headers on every request of the %s-enhanced client', async (useEnhancedClient) => {
    server = await answer();
    manager = new ConnectionManager({ baseUrl: server.url, useEnhancedClient, headers: { Authorization: 'Bearer t0k3n', 'X-Node': 'n1' } });
    expect(await manager.client.getTasks()).toEqual([]);
    expect(await manager.client.testConnection()).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const headers of seen) expect(headers).toMatchObject({ authorization: 'Bearer t0k3n', 'x-node': 'n1' });
  });

  it('trusts the CA given in tls, and refuses the same server without it', async () => {
    const certificates = generateTestCertificates();
    server = await answer({ key: certificates.serverKey, cert: certificates.serverCert });
    const untrusting = new ConnectionManager({ baseUrl: server.url, apiSettings: { enableAutoRecovery: false } });
    try {
      const error = await untrusting.client.getTasks().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ retryable: false });
      expect(seen).toHaveLength(0);
    } finally {
      await untrusting.dispose();
    }
    manager = new ConnectionManager({ baseUrl: server.url, tls: { ca: certificates.caCert } });
    expect(await manager.client.getTasks()).toEqual([]);
    expect(seen).toHaveLength(1);
  });
});
