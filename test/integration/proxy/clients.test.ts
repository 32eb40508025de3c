import { Registry } from 'prom-client';
import TransportStream from 'winston-transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EnhancedApiClient, NetworkError, StandardApiClient, createInstrumentation, createLogger, parseConnectionOptions,
} from '../../../src/index.js';
import type { LoggerFactory } from '../../../src/index.js';
import { expectNoSecrets } from '../../helpers/expectNoSecrets.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { generateTestCertificates } from '../../helpers/testCertificates.js';
import type { TestCertificates } from '../../helpers/testCertificates.js';
import { startTinyproxy } from './tinyproxy.js';
import type { Tinyproxy } from './tinyproxy.js';

const PASSWORD = 'client-proxy-pass-9x';
const WRONG_PASSWORD = 'client-wrong-pass-7y';

/** Every log record as the text a sink could write: the formatted line and every field. */
class CaptureTransport extends TransportStream {
  readonly texts: string[] = [];

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.texts.push(`${String(info[Symbol.for('message')])}\n${JSON.stringify(info)}`);
    next();
  }
}

let certificates: TestCertificates;
let server: LoopbackServer;
let authProxy: Tinyproxy;
const capture = new CaptureTransport();
let logging: LoggerFactory;

beforeAll(async () => {
  certificates = generateTestCertificates();
  server = await startLoopbackServer((request, response) => {
    response.setHeader('Content-Type', 'application/json');
    response.end(request.url === '/api/health' ? JSON.stringify({ status: 'healthy', version: '2.0.0' }) : '[]');
  }, { key: certificates.serverKey, cert: certificates.serverCert });
  authProxy = await startTinyproxy({ connectPorts: [Number(new URL(server.url).port)], basicAuth: { user: 'svc', password: PASSWORD } });
  logging = createLogger({ settings: { logLevel: { Default: 'Trace' } }, transports: [capture] });
});

afterAll(async () => {
  logging?.close();
  await Promise.all([authProxy?.stop(), server?.close()]);
});

function proxyUrl(password: string): string {
  return `http://svc:${password}@127.0.0.1:${authProxy.port}`;
}

describe('clients behind a proxy (Connection:ProxyUrl)', () => {
  it('the Enhanced client reaches an https server through the CONNECT tunnel, credentials from the settings', async () => {
    const before = await authProxy.connects(0);
    const connection = parseConnectionOptions({ proxyUrl: proxyUrl(PASSWORD) });
    const client = new EnhancedApiClient(server.url, { connection, tls: { ca: certificates.caCert } });
    try {
      await expect(client.getTasks()).resolves.toEqual([]);
      await expect(client.getConnectionHealth()).resolves.toMatchObject({ isHealthy: true, serverVersion: '2.0.0' });
      expect(await authProxy.connects(before + 1)).toBeGreaterThan(before);
    } finally {
      await client.dispose();
    }
  });

  it('a wrong password fails the Enhanced client at once (not retried) with EPROXY_AUTH, and no error, log line or metric shows it', async () => {
    const registry = new Registry();
    const instrumentation = createInstrumentation({ metrics: { registry }, nodeId: 'proxy-test' });
    const connection = parseConnectionOptions({ proxyUrl: proxyUrl(WRONG_PASSWORD), maxRetryAttempts: 3, baseRetryDelayMs: 0, maxRetryDelayMs: 0 });
    const client = new EnhancedApiClient(server.url, {
      connection, tls: { ca: certificates.caCert }, logger: logging.forCategory('proxy-test'),
      ...(instrumentation === undefined ? {} : { instrumentation }),
    });
    const logsBefore = capture.texts.length;
    try {
      const error: unknown = await client.getTasks().then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).errorCode).toBe('EPROXY_AUTH');
      expect((error as NetworkError).message).toContain(`127.0.0.1:${authProxy.port}`);
      expectNoSecrets(error, [WRONG_PASSWORD]);
      const health = await client.getConnectionHealth();
      expect(health.isHealthy).toBe(false);
      expectNoSecrets(health, [WRONG_PASSWORD]);
    } finally {
      await client.dispose();
    }
    const lines = capture.texts.slice(logsBefore);
    for (const line of lines) expect(line).not.toContain(WRONG_PASSWORD);
    const metrics = await registry.metrics();
    expect(metrics).not.toContain(WRONG_PASSWORD);
  });

  it('the Standard client takes the same proxy settings and does not retry a wrong password', async () => {
    const client = new StandardApiClient(server.url, {
      tls: { ca: certificates.caCert }, proxy: { proxyUrl: proxyUrl(WRONG_PASSWORD) },
      delay: () => Promise.reject(new Error('must not wait: EPROXY_AUTH is not transient')),
    });
    try {
      const error: unknown = await client.getTasks().then(() => undefined, (caught: unknown) => caught);
      expect((error as NetworkError).errorCode).toBe('EPROXY_AUTH');
      expectNoSecrets(error, [WRONG_PASSWORD]);
    } finally {
      await client.dispose();
    }
  });
});
