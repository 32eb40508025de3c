import type http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/errors/index.js';
import { createHttpClient } from '../../../src/http/createHttpClient.js';
import type { HttpClientOptions } from '../../../src/http/createHttpClient.js';
import { performAttempt } from '../../../src/http/performAttempt.js';
import { expectNoSecrets } from '../../helpers/expectNoSecrets.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { generateTestCertificates } from '../../helpers/testCertificates.js';
import type { TestCertificates } from '../../helpers/testCertificates.js';
import { freePort, requireTinyproxy, startTinyproxy } from './tinyproxy.js';
import type { Tinyproxy } from './tinyproxy.js';

const PASSWORD = 'proxy-pass-5ecret';
const WRONG_PASSWORD = 'wrong-pass-5ecret';

let certificates: TestCertificates;
let plain: LoopbackServer;
let secure: LoopbackServer;
let proxy: Tinyproxy;
let authProxy: Tinyproxy;
/** A port nothing listens on, but the proxies allow CONNECT to: tinyproxy cannot reach the server there. */
let deadServerPort: number;
/** The `Via` header of the last request each server saw (tinyproxy adds one to what it forwards). */
const via = new Map<string, string | undefined>();

function healthy(name: string) {
  return (request: http.IncomingMessage, response: http.ServerResponse): void => {
    via.set(name, request.headers.via);
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify({ status: 'healthy', version: '1.2.3' }));
  };
}

beforeAll(async () => {
  certificates = generateTestCertificates();
  plain = await startLoopbackServer(healthy('plain'));
  secure = await startLoopbackServer(healthy('secure'), { key: certificates.serverKey, cert: certificates.serverCert });
  deadServerPort = await freePort();
  const connectPorts = [new URL(secure.url).port, String(deadServerPort)].map(Number);
  proxy = await startTinyproxy({ connectPorts });
  authProxy = await startTinyproxy({ connectPorts, basicAuth: { user: 'user', password: PASSWORD } });
});

afterAll(async () => {
  await Promise.all([proxy?.stop(), authProxy?.stop(), plain?.close(), secure?.close()]);
});

/** One health call with a client built from `options`; the client's pool is destroyed after. */
async function health(options: HttpClientOptions) {
  const client = createHttpClient(options);
  try {
    return { client, outcome: await performAttempt(client, 'health', [], { timeoutMs: 10_000 }) };
  } finally {
    client.pool.destroy();
  }
}

function withCredentials(base: string, password: string): string {
  const url = new URL(base);
  url.username = 'user';
  url.password = password;
  return url.toString();
}

describe('the tinyproxy these tests need', () => {
  it('is required: without it they fail naming the package, they do not skip', () => {
    expect(() => requireTinyproxy({ PATH: '/nonexistent' })).toThrow(/apt-get install -y tinyproxy/);
    expect(() => requireTinyproxy()).not.toThrow();
  });
});

describe('http base URL', () => {
  it('goes through HTTP_PROXY as an absolute-form request (tinyproxy adds Via)', async () => {
    via.clear();
    const before = proxy.forwardCount();
    const { client, outcome } = await health({ baseUrl: plain.url, env: { HTTP_PROXY: proxy.url } });
    expect(outcome.ok).toBe(true);
    expect(client.proxy?.label).toBe(`127.0.0.1:${proxy.port}`);
    expect(via.get('plain')).toMatch(/tinyproxy/);
    expect(proxy.forwardCount()).toBeGreaterThan(before);
  });

  it('reads http_proxy in lower case too', async () => {
    via.clear();
    const { outcome } = await health({ baseUrl: plain.url, env: { http_proxy: proxy.url } });
    expect(outcome.ok).toBe(true);
    expect(via.get('plain')).toMatch(/tinyproxy/);
  });

  it('goes direct when NO_PROXY names the host', async () => {
    via.clear();
    const { client, outcome } = await health({ baseUrl: plain.url, env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' } });
    expect(outcome.ok).toBe(true);
    expect(client.proxy).toBeUndefined();
    expect(via.has('plain')).toBe(true);
    expect(via.get('plain')).toBeUndefined();
  });

  it('Connection:ProxyUrl wins over HTTP_PROXY, and Connection:ProxyBypassList over NO_PROXY', async () => {
    via.clear();
    const dead = `http://127.0.0.1:${await freePort()}`;
    const viaSetting = await health({ baseUrl: plain.url, env: { HTTP_PROXY: dead, NO_PROXY: '*' }, proxy: { proxyUrl: proxy.url, proxyBypassList: [] } });
    expect(viaSetting.outcome.ok).toBe(true);
    expect(via.get('plain')).toMatch(/tinyproxy/);
    via.clear();
    const bypassed = await health({ baseUrl: plain.url, env: { HTTP_PROXY: dead }, proxy: { proxyBypassList: ['127.0.0.1'] } });
    expect(bypassed.outcome.ok).toBe(true);
    expect(via.get('plain')).toBeUndefined();
  });

  it('sends the proxy credentials as Proxy-Authorization', async () => {
    via.clear();
    const { outcome } = await health({ baseUrl: plain.url, env: { HTTP_PROXY: withCredentials(authProxy.url, PASSWORD) } });
    expect(outcome.ok).toBe(true);
    expect(via.get('plain')).toMatch(/tinyproxy/);
  });

  it('a wrong proxy password is not transient and its error shows no password', async () => {
    const { outcome } = await health({ baseUrl: plain.url, proxy: { proxyUrl: withCredentials(authProxy.url, WRONG_PASSWORD) } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure.transient).toBe(false);
    // tinyproxy answers a plain request with 401 and WWW-Authenticate (not 407): it reads as the server's 401.
    expect(outcome.error).toMatchObject({ code: 'ERR_HTTP_STATUS', status: 401 });
    expectNoSecrets(outcome.error, [WRONG_PASSWORD]);
    expectNoSecrets(outcome.failure, [WRONG_PASSWORD]);
  });

  it('a 407 (or a 401 with Proxy-Authenticate) from the proxy is EPROXY_AUTH naming it, not transient', async () => {
    for (const [status, header] of [[407, 'Proxy-Authenticate'], [401, 'Proxy-Authenticate']] as const) {
      const fakeProxy = await startLoopbackServer((_request, response) => {
        response.writeHead(status, { [header]: 'Basic realm="corp"', 'Content-Type': 'text/plain' });
        response.end('Proxy Authentication Required');
      });
      try {
        const { outcome } = await health({ baseUrl: plain.url, env: { HTTP_PROXY: withCredentials(fakeProxy.url, WRONG_PASSWORD) } });
        expect(outcome.ok).toBe(false);
        if (outcome.ok) return;
        expect(outcome.error).toBeInstanceOf(NetworkError);
        expect((outcome.error as NetworkError).errorCode).toBe('EPROXY_AUTH');
        expect(outcome.error.message).toContain(`proxy ${new URL(fakeProxy.url).host}`);
        expect(outcome.failure).toMatchObject({ kind: 'network', transient: false });
        expectNoSecrets(outcome.error, [WRONG_PASSWORD]);
      } finally {
        await fakeProxy.close();
      }
    }
  });

  it('a dead proxy port is a transient network error naming the proxy', async () => {
    const port = await freePort();
    const { outcome } = await health({ baseUrl: plain.url, env: { HTTP_PROXY: `http://user:${PASSWORD}@127.0.0.1:${port}` } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(NetworkError);
    expect((outcome.error as NetworkError).errorCode).toBe('ECONNREFUSED');
    expect(outcome.error.message).toContain(`127.0.0.1:${port}`);
    expect(outcome.failure).toMatchObject({ kind: 'network', transient: true });
    expectNoSecrets(outcome.error, [PASSWORD]);
  });
});

describe('https base URL (CONNECT tunnel)', () => {
  it('tunnels through HTTPS_PROXY and verifies the server against the custom CA, reusing the tunnel (keep-alive)', async () => {
    const before = await proxy.connects(0);
    const connectionsBefore = secure.connectionCount;
    const client = createHttpClient({ baseUrl: secure.url, tls: { ca: certificates.caCert }, env: { HTTPS_PROXY: proxy.url } });
    try {
      for (let call = 0; call < 3; call += 1) {
        const outcome = await performAttempt(client, 'health', [], { timeoutMs: 10_000 });
        expect(outcome.ok).toBe(true);
      }
      expect(await proxy.connects(before + 1)).toBe(before + 1);
      expect(secure.connectionCount).toBe(connectionsBefore + 1);
      expect(client.pool.openSocketCount).toBe(1);
      // TLS is end to end: tinyproxy only relays bytes, so it adds no Via.
      expect(via.get('secure')).toBeUndefined();
    } finally {
      client.pool.destroy();
    }
  });

  it('still refuses a certificate the client does not trust (no CA given), as a non-transient error', async () => {
    const { outcome } = await health({ baseUrl: secure.url, env: { HTTPS_PROXY: proxy.url } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect((outcome.error as NetworkError).errorCode).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|ISSUER/);
    expect(outcome.failure.transient).toBe(false);
  });

  it('goes direct when NO_PROXY names the host:port, or is *', async () => {
    const port = new URL(secure.url).port;
    for (const noProxy of [`127.0.0.1:${port}`, '*']) {
      const before = await proxy.connects(0);
      const connectionsBefore = secure.connectionCount;
      const { client, outcome } = await health({ baseUrl: secure.url, tls: { ca: certificates.caCert }, env: { https_proxy: proxy.url, no_proxy: noProxy } });
      expect(outcome.ok).toBe(true);
      expect(client.proxy).toBeUndefined();
      expect(secure.connectionCount).toBe(connectionsBefore + 1);
      // A proxied call after it: the proxy's log then holds exactly one more CONNECT, so the bypass made none.
      const proxied = await health({ baseUrl: secure.url, tls: { ca: certificates.caCert }, env: { https_proxy: proxy.url } });
      expect(proxied.outcome.ok).toBe(true);
      expect(await proxy.connects(before + 1)).toBe(before + 1);
    }
  });

  it('sends the proxy credentials with CONNECT', async () => {
    const before = await authProxy.connects(0);
    const { outcome } = await health({ baseUrl: secure.url, tls: { ca: certificates.caCert }, env: { HTTPS_PROXY: withCredentials(authProxy.url, PASSWORD) } });
    expect(outcome.ok).toBe(true);
    expect(await authProxy.connects(before + 1)).toBe(before + 1);
  });

  it('a wrong proxy password is EPROXY_AUTH, not transient, naming the proxy without the password', async () => {
    const { outcome } = await health({ baseUrl: secure.url, tls: { ca: certificates.caCert }, env: { HTTPS_PROXY: withCredentials(authProxy.url, WRONG_PASSWORD) } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(NetworkError);
    expect((outcome.error as NetworkError).errorCode).toBe('EPROXY_AUTH');
    expect(outcome.error.message).toContain(`proxy 127.0.0.1:${authProxy.port}`);
    expect(outcome.failure).toMatchObject({ kind: 'network', transient: false });
    expectNoSecrets(outcome.error, [WRONG_PASSWORD]);
    expectNoSecrets(outcome.failure, [WRONG_PASSWORD]);
    expectNoSecrets(JSON.parse(JSON.stringify(outcome.error)) as unknown, [WRONG_PASSWORD]);
  });

  it('a proxy that cannot reach the server (its 5xx to CONNECT) is a transient EPROXY_<status>', async () => {
    const { outcome } = await health({ baseUrl: `https://127.0.0.1:${deadServerPort}/`, tls: { ca: certificates.caCert }, env: { HTTPS_PROXY: proxy.url } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect((outcome.error as NetworkError).errorCode).toMatch(/^EPROXY_5\d\d$/);
    expect(outcome.error.message).toContain(`proxy 127.0.0.1:${proxy.port}`);
    expect(outcome.failure).toMatchObject({ kind: 'network', transient: true });
  });

  it('a dead proxy port is a transient ECONNREFUSED naming the proxy, without its password', async () => {
    const port = await freePort();
    const { outcome } = await health({ baseUrl: secure.url, tls: { ca: certificates.caCert }, env: { HTTPS_PROXY: `http://user:${PASSWORD}@127.0.0.1:${port}` } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect((outcome.error as NetworkError).errorCode).toBe('ECONNREFUSED');
    expect(outcome.error.message).toContain(`proxy 127.0.0.1:${port}`);
    expect(outcome.failure).toMatchObject({ kind: 'network', transient: true });
    expectNoSecrets(outcome.error, [PASSWORD]);
  });

  it('a proxy that never answers CONNECT ends in the attempt\'s timeout (transient), and destroy() closes the half-open tunnel', async () => {
    const held = new Set<net.Socket>();
    let closed = 0;
    const silent = net.createServer((socket) => {
      held.add(socket);
      socket.on('close', () => { closed += 1; });
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const client = createHttpClient({ baseUrl: secure.url, tls: { ca: certificates.caCert }, env: { HTTPS_PROXY: `http://127.0.0.1:${port}` } });
    try {
      const outcome = await performAttempt(client, 'health', [], { timeoutMs: 150 });
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.failure).toMatchObject({ kind: 'timeout', transient: true });
      expect(held.size).toBe(1);
      client.pool.destroy();
      await new Promise<void>((resolve) => {
        const check = (): void => (closed === held.size ? resolve() : void setImmediate(check));
        check();
      });
    } finally {
      client.pool.destroy();
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
