import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_HEADER, startFaultProxy } from '../../../src/demo/faultProxy.js';
import type { FaultProxy } from '../../../src/demo/faultProxy.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Answer { status: number; headers: http.IncomingHttpHeaders; body: string }

/** One request with a fresh connection; rejects when the connection is dropped. */
function send(url: string, method: string, path: string, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${path}`, { method, agent: false, headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** An upstream that records what reached it and answers 201 with the body it got. */
async function upstream(): Promise<{ server: LoopbackServer; seen: string[] }> {
  const seen: string[] = [];
  const server = await startLoopbackServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => {
      seen.push(`${request.method ?? ''} ${request.url ?? ''} ${body}`);
      response.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      response.end(JSON.stringify({ echoed: body }));
    });
  });
  cleanups.push(() => server.close());
  return { server, seen };
}

async function proxyTo(url: string, random: () => number): Promise<FaultProxy> {
  const proxy = await startFaultProxy(url, random);
  cleanups.push(() => proxy.close());
  return proxy;
}

describe('fault proxy', () => {
  it('forwards method, path and body and passes the answer back untouched without a fault', async () => {
    const { server, seen } = await upstream();
    const proxy = await proxyTo(server.url, () => 0);
    const answer = await send(proxy.url, 'POST', '/api/tasks?x=1', '{"name":"a"}');
    expect(answer).toMatchObject({ status: 201, body: '{"echoed":"{\\"name\\":\\"a\\"}"}' });
    expect(answer.headers['x-upstream']).toBe('yes');
    expect(seen).toEqual(['POST /api/tasks?x=1 {"name":"a"}']);
    expect(proxy.counters()).toEqual({ forwarded: 1, injected: {}, lostAnswers: 0, unreachable: 0, delayed: 0 });
  });

  it('answers a 5xx burst without asking the server, marking the answer as injected', async () => {
    const { server, seen } = await upstream();
    const draws = [0.1, 0.9, 0.9];
    const proxy = await proxyTo(server.url, () => draws.shift() ?? 0.99);
    proxy.setFault({ kind: 'serverErrors', errorRate: 0.5, statuses: [500, 503], lostAnswerRate: 0.2 });
    const answer = await send(proxy.url, 'PUT', '/api/tasks/1/status', '{}');
    expect(answer.status).toBe(503);
    expect(answer.headers[FAULT_HEADER]).toBe('server error');
    expect(JSON.parse(answer.body)).toEqual({ message: "Injected by the demo's fault proxy: server error" });
    expect(seen).toEqual([]);
    expect(proxy.counters().injected).toEqual({ 503: 1 });
  });

  it('loses the answer of a request the server applied, answering a 5xx instead', async () => {
    const { server, seen } = await upstream();
    const draws = [0.1, 0.1, 0.1];
    const proxy = await proxyTo(server.url, () => draws.shift() ?? 0.99);
    proxy.setFault({ kind: 'serverErrors', errorRate: 0.5, statuses: [502], lostAnswerRate: 0.2 });
    const answer = await send(proxy.url, 'PUT', '/api/tasks/1/status', '{"status":2}');
    expect(answer.status).toBe(502);
    expect(answer.headers[FAULT_HEADER]).toBe('answer lost after the server applied the request');
    expect(seen).toEqual(['PUT /api/tasks/1/status {"status":2}']);
    expect(proxy.counters()).toMatchObject({ lostAnswers: 1, forwarded: 0 });
  });

  it('answers 429 with Retry-After to the rate-limited share', async () => {
    const { server, seen } = await upstream();
    const proxy = await proxyTo(server.url, () => 0.1);
    proxy.setFault({ kind: 'rateLimited', rate: 0.5, retryAfterSeconds: 2 });
    const answer = await send(proxy.url, 'GET', '/api/tasks');
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('2');
    expect(seen).toEqual([]);
  });

  it('holds a slow answer back, and passes everything again once the fault is cleared', async () => {
    const { server } = await upstream();
    const proxy = await proxyTo(server.url, () => 0);
    proxy.setFault({ kind: 'slowResponses', minDelayMs: 30, maxDelayMs: 40 });
    expect((await send(proxy.url, 'GET', '/api/health')).status).toBe(201);
    proxy.setFault(null);
    expect((await send(proxy.url, 'GET', '/api/health')).status).toBe(201);
    expect(proxy.counters()).toMatchObject({ forwarded: 2, delayed: 1 });
  });

  it('drops the connection when the server cannot be reached, as a crashed server would', async () => {
    const { server } = await upstream();
    const proxy = await proxyTo(server.url, () => 0);
    proxy.setFault({ kind: 'serverDown' });
    await server.close();
    await expect(send(proxy.url, 'GET', '/api/health')).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up/) as string });
    expect(proxy.counters().unreachable).toBe(1);
  });

  it('closes with an answer still held back, leaving nothing behind', async () => {
    const { server } = await upstream();
    const proxy = await startFaultProxy(server.url, () => 0);
    proxy.setFault({ kind: 'slowResponses', minDelayMs: 60_000, maxDelayMs: 60_000 });
    const pending = send(proxy.url, 'GET', '/api/health');
    await expect.poll(() => proxy.counters().forwarded).toBe(1);
    await proxy.close();
    await expect(pending).rejects.toThrow();
    await proxy.close();
  });
});
