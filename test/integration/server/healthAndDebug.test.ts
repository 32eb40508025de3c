import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DebugMessageDto, ServerLogger } from '../../../src/server/index.js';
import { serve, testClock } from './support/testServer.js';

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('GET api/health', () => {
  it('answers {status: "healthy", timestamp, version, capabilities} with the package version', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    const health = await api.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(health.json()).toEqual({
      status: 'healthy', timestamp: '2025-01-01T00:00:00.000Z', version: manifest.version, capabilities: ['idempotency-key'],
    });
  });

  it('reports the version it was given', async () => {
    const { api } = await serve({ version: '9.9.9-test' });
    expect((await api.get('/api/health')).json()).toMatchObject({ version: '9.9.9-test' });
  });

  it('routes without regard to letter case or a trailing slash, as ASP.NET does', async () => {
    const { api } = await serve();
    expect((await api.get('/API/Health/')).status).toBe(200);
  });
});

describe('POST api/debug', () => {
  it('answers 204, logs the message and keeps it for GET api/debug', async () => {
    const logged: string[] = [];
    const logger: ServerLogger = { debug: () => undefined, info: (m) => logged.push(m), warn: () => undefined, error: () => undefined };
    const { api } = await serve({ logger, clock: testClock() });
    const sent = await api.post('/api/debug', { source: 'worker', message: 'disk at 91%', nodeId: 'n1', timestamp: '2025-01-01T00:00:00Z' });
    expect(sent.status).toBe(204);
    expect(logged).toContain('[debug] worker (n1): disk at 91%');
    const messages = (await api.get('/api/debug')).json<DebugMessageDto[]>();
    expect(messages).toEqual([{
      id: 1, source: 'worker', message: 'disk at 91%', nodeId: 'n1', timestamp: '2025-01-01T00:00:00Z', receivedAt: '2025-01-01T00:00:00.000Z',
    }]);
  });

  it('lists the latest messages up to ?limit, oldest first', async () => {
    const { api } = await serve();
    for (const text of ['one', 'two', 'three']) await api.post('/api/debug', { source: 's', message: text });
    const latest = (await api.get('/api/debug?limit=2')).json<DebugMessageDto[]>();
    expect(latest.map((m) => m.message)).toEqual(['two', 'three']);
  });

  it('rejects a debug message without a source with 400', async () => {
    const { api } = await serve();
    const answer = await api.post('/api/debug', { message: 'x' });
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string }>().message).toContain("must have required property 'source'");
  });
});
