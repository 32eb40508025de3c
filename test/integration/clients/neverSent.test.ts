import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/createHttpClient.js';
import type { HttpClient } from '../../../src/http/createHttpClient.js';
import { performAttempt } from '../../../src/http/performAttempt.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { generateTestCertificates } from '../../helpers/testCertificates.js';

/** What one real `createTask` attempt through `http` ended with, and whether the server read its request. */
async function createOnce(http: HttpClient, timeoutMs = 10_000) {
  const outcome = await performAttempt(http, 'createTask', [{ name: 'render', type: 1 }], { timeoutMs, idempotencyKey: 'k-1' });
  if (outcome.ok) throw new Error('expected the attempt to fail');
  return outcome;
}

/** A TCP server on loopback that reads what arrives and does `onData` with each connection's first bytes. */
async function rawServer(onData: (socket: net.Socket) => void): Promise<{ port: number; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (chunk) => {
      received += chunk.length;
      onData(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => received,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

const clients: HttpClient[] = [];
function client(baseUrl: string, options: Partial<Parameters<typeof createHttpClient>[0]> = {}): HttpClient {
  const http = createHttpClient({ baseUrl, ...options });
  clients.push(http);
  return http;
}
afterEach(() => {
  for (const http of clients.splice(0)) http.pool.destroy();
});

describe('a failed attempt on real sockets says whether its request provably never left', () => {
  it('a refused connection: never sent', async () => {
    const closed = await rawServer(() => undefined);
    await closed.close();
    const { failure } = await createOnce(client(`http://127.0.0.1:${closed.port}`));
    expect(failure).toMatchObject({ kind: 'network', transient: true, neverSent: true });
  });

  it('a name that does not resolve (ENOTFOUND, or EAI_AGAIN without a resolver): never sent, and transient', async () => {
    const { failure, error } = await createOnce(client('http://vcconn-never-sent.invalid:5289'));
    expect(error).toMatchObject({ errorCode: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/) as unknown });
    expect(failure).toMatchObject({ kind: 'network', transient: true, neverSent: true });
  });

  it('a pool wait that timed out: never sent', async () => {
    const slow = await startLoopbackServer(() => undefined);
    try {
      const http = client(slow.url, { connectionPoolSize: 1, connectionPoolTimeoutMs: 50 });
      const holding = performAttempt(http, 'getTasks', [], { timeoutMs: 600 });
      const { failure } = await createOnce(http);
      expect(failure).toMatchObject({ kind: 'poolTimeout', transient: true, neverSent: true });
      await holding;
    } finally {
      await slow.close();
    }
  });

  it('an attempt timed out while it still waited for a socket: never sent', async () => {
    const slow = await startLoopbackServer(() => undefined);
    try {
      const http = client(slow.url, { connectionPoolSize: 1, connectionPoolTimeoutMs: 60_000 });
      const holding = performAttempt(http, 'getTasks', [], { timeoutMs: 600 });
      const { failure } = await createOnce(http, 100);
      expect(failure).toMatchObject({ kind: 'timeout', transient: true, neverSent: true });
      await holding;
    } finally {
      await slow.close();
    }
  });

  it('an answer lost after the server read the request (reset): possibly applied', async () => {
    const server = await rawServer((socket) => socket.resetAndDestroy());
    try {
      const { failure } = await createOnce(client(`http://127.0.0.1:${server.port}`));
      expect(server.received()).toBeGreaterThan(0);
      expect(failure).toMatchObject({ kind: 'network', transient: true });
      expect(failure.neverSent).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('an attempt timed out while the server sat on a request it had read: possibly applied', async () => {
    const server = await rawServer(() => undefined);
    try {
      const { failure } = await createOnce(client(`http://127.0.0.1:${server.port}`), 200);
      expect(server.received()).toBeGreaterThan(0);
      expect(failure).toMatchObject({ kind: 'timeout', transient: true });
      expect(failure.neverSent).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  describe('TLS', () => {
    let tls: LoopbackServer;
    beforeAll(async () => {
      const certificates = generateTestCertificates();
      tls = await startLoopbackServer(() => undefined, { key: certificates.serverKey, cert: certificates.serverCert });
    });
    afterAll(async () => {
      await tls.close();
    });

    it('a certificate the client refuses: never sent (the handshake never completed), and not retried', async () => {
      const { failure } = await createOnce(client(tls.url));
      expect(failure).toMatchObject({ kind: 'network', transient: false, neverSent: true });
      expect(tls.requestCount).toBe(0);
    });

    it('a server that hangs up during the handshake: never sent, and transient', async () => {
      const server = await rawServer((socket) => socket.destroy());
      try {
        const { failure } = await createOnce(client(`https://127.0.0.1:${server.port}`));
        expect(failure).toMatchObject({ kind: 'network', transient: true, neverSent: true });
      } finally {
        await server.close();
      }
    });
  });
});
