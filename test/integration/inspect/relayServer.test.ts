import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createActor, createMachine } from 'xstate';
import { isInvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import { isInspectorListenError, startInspector } from '../../../src/inspect/index.js';
import type { FeedBatch, RunningInspector } from '../../../src/inspect/index.js';

const inspectors: RunningInspector[] = [];

async function start(): Promise<RunningInspector> {
  const inspector = await startInspector({ flushIntervalMs: 10 });
  inspectors.push(inspector);
  return inspector;
}

afterEach(async () => {
  await Promise.all(inspectors.splice(0).map((inspector) => inspector.close()));
});

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the page's feed and collects its batches. */
async function openFeed(inspector: RunningInspector, origin?: string): Promise<{ batches: FeedBatch[]; socket: WebSocket }> {
  const socket = new WebSocket(`${inspector.url.replace('http', 'ws')}feed`, origin === undefined ? {} : { origin });
  const batches: FeedBatch[] = [];
  socket.on('message', (data: Buffer) => batches.push(JSON.parse(data.toString('utf8')) as FeedBatch));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { batches, socket };
}

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setImmediate(resolve));
    if (inspectors.length === 0) throw new Error(`gave up waiting for ${what}`);
  }
}

const toggleMachine = createMachine({ id: 'toggle', initial: 'off', states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off' } } } });

describe('startInspector: the page and its files', () => {
  it('serves the page, its bundled script, stylesheet and layout worker from itself, with a strict Content-Security-Policy', async () => {
    const inspector = await start();
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(inspector.inspectUrl).toBe(`${inspector.url.replace('http', 'ws')}inspect`);
    const page = await get(inspector.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/visualizer.js">');
    expect(page.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const script = await get(`${inspector.url}visualizer.js`);
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.body.length).toBeGreaterThan(10_000);
    expect((await get(`${inspector.url}visualizer.css`)).status).toBe(200);
    expect((await get(`${inspector.url}elk-worker.js`)).body.length).toBeGreaterThan(100_000);
    expect(JSON.parse((await get(`${inspector.url}stats`)).body)).toMatchObject({ received: 0, liveActors: 0, pages: 0 });
    expect((await get(`${inspector.url}nothing`)).status).toBe(404);
    expect(page.body).toContain('<link rel="icon" href="/favicon.ico"');
    expect((await get(inspector.url, {}, 'POST')).status).toBe(405);
  });

  it('refuses requests for another host name (DNS rebinding) and feed sockets from other origins', async () => {
    const inspector = await start();
    expect((await get(inspector.url, { Host: 'attacker.example:80' })).status).toBe(421);
    const refused = new WebSocket(`${inspector.url.replace('http', 'ws')}feed`, { origin: 'http://attacker.example' });
    const status = await new Promise<number>((resolve) => refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(400);
  });
});

describe('startInspector: the favicon', () => {
  it('answers /favicon.ico with a 32x32 Windows icon, for GET and HEAD', async () => {
    const inspector = await start();
    const icon = await new Promise<{ status: number; type: string | undefined; body: Buffer }>((resolve, reject) => {
      request(`${inspector.url}favicon.ico`, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
      }).on('error', reject).end();
    });
    expect(icon.status).toBe(200);
    expect(icon.type).toMatch(/^image\//);
    // ICONDIR: reserved 0, type 1 (icon), one image of 32x32 at 32 bits per pixel, its bytes right after.
    expect([icon.body.readUInt16LE(0), icon.body.readUInt16LE(2), icon.body.readUInt16LE(4), icon.body[6], icon.body[7], icon.body.readUInt16LE(12)]).toEqual([0, 1, 1, 32, 32, 32]);
    expect(icon.body.length).toBe(22 + icon.body.readUInt32LE(14));
    const head = await get(`${inspector.url}favicon.ico`, {}, 'HEAD');
    expect([head.status, head.headers['content-type'], head.body]).toEqual([200, 'image/x-icon', '']);
  });
});

describe('startInspector: the feed', () => {
  it('starts a page with the current state, then sends what changes in batches', async () => {
    const inspector = await start();
    const toggle = createActor(toggleMachine, { inspect: inspector.inspectFor('host-app') }).start();
    const { batches, socket } = await openFeed(inspector, inspector.url.slice(0, -1));
    const first = await until(() => batches[0], 'the first batch');
    expect(first).toMatchObject({ type: 'batch', reset: true, actors: [{ name: 'toggle', group: 'host-app' }], states: [{ value: 'off' }] });
    toggle.send({ type: 'FLIP' });
    const next = await until(() => batches.find((batch) => !batch.reset && batch.states.length > 0), 'a state batch');
    expect(next.states).toMatchObject([{ value: 'on', event: 'FLIP', transitions: ['toggle.off#0'] }]);
    toggle.stop();
    socket.close();
  });

  it('takes @statelyai/inspect WebSocket messages at /inspect, tags them with ?group=, and stops their actors when the client leaves', async () => {
    const inspector = await start();
    const { batches, socket } = await openFeed(inspector);
    const app = new WebSocket(`${inspector.inspectUrl}?group=remote`);
    await new Promise((resolve) => app.once('open', resolve));
    const definition = JSON.stringify(toggleMachine.config);
    app.send(JSON.stringify({ type: '@xstate.actor', sessionId: 'x:0', name: 'toggle', definition, _version: '0.7.2', snapshot: { status: 'active', value: 'off' } }));
    app.send(JSON.stringify({ type: '@xstate.event', sessionId: 'x:0', event: { type: 'FLIP' }, _version: '0.7.2' }));
    app.send(JSON.stringify({ type: '@xstate.snapshot', sessionId: 'x:0', event: { type: 'FLIP' }, snapshot: { status: 'active', value: 'on' }, _version: '0.7.2' }));
    app.send('{"type":"@xstate.nonsense"}');
    const seen = await until(() => batches.find((batch) => batch.states.some((state) => state.value === 'on')), 'the remote snapshot');
    expect(seen.actors.concat(batches.flatMap((batch) => batch.actors))).toContainEqual(expect.objectContaining({ id: 'ws1:x:0', group: 'remote', source: 'websocket' }));
    expect(seen.states.find((state) => state.value === 'on')?.transitions).toEqual(['toggle.off#0']);
    app.close();
    await until(() => batches.find((batch) => batch.stopped.includes('ws1:x:0')), 'the remote actor stopped');
    expect(batches.at(-1)?.stats.rejected).toBe(1);
    socket.close();
  });
});

describe('startInspector: options and failures', () => {
  it('rejects bad options with an error naming the option', async () => {
    await expect(startInspector({ port: 70000 })).rejects.toSatisfy(isInvalidArgumentError);
    await expect(startInspector({ port: 70000 })).rejects.toThrow(/port/);
    await expect(startInspector({ host: ' ' })).rejects.toThrow(/host/);
    await expect(startInspector({ flushIntervalMs: 0 })).rejects.toThrow(/flushIntervalMs/);
    const inspector = await start();
    expect(() => inspector.inspectFor('')).toThrow(/group/);
  });

  it('fails with InspectorListenError naming the address when the port is taken', async () => {
    const inspector = await start();
    const port = Number(new URL(inspector.url).port);
    const failure = await startInspector({ port }).then(() => null, (error: unknown) => error);
    expect(isInspectorListenError(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'ERR_INSPECTOR_LISTEN', port, host: '127.0.0.1', systemCode: 'EADDRINUSE' });
  });

  it('closes once however often it is asked, and drops its pages', async () => {
    const inspector = await startInspector();
    const { socket } = await openFeed(inspector);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await Promise.all([inspector.close(), inspector.close()]);
    await closed;
    await expect(get(inspector.url)).rejects.toThrow();
  });
});
