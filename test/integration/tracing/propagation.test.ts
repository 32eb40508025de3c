import type http from 'node:http';
import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import type { SpanContext } from '@opentelemetry/api';
import { AsyncHooksContextManager } from '@opentelemetry/context-async-hooks';
import { TraceState, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import type { ConnectionInstrumentation } from '../../../src/metrics/ConnectionInstrumentation.js';
import { createInstrumentation } from '../../../src/metrics/createInstrumentation.js';
import { startServer } from '../../../src/server/index.js';
import type { RunningServer, ServerLogger } from '../../../src/server/index.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { simulatedClient } from '../enhanced/support/simulatedClient.js';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
  propagation.disable();
  context.disable();
});

/** The OpenTelemetry SDK as a host registers it: in-memory spans, async-hooks context, optionally the W3C propagator. */
function registerSdk(withPropagator: boolean) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncHooksContextManager().enable();
  context.setGlobalContextManager(contextManager);
  if (withPropagator) propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  cleanups.push(() => provider.shutdown());
  return { exporter, tracer: provider.getTracer('test') };
}

function instrumented(tracer: ReturnType<typeof registerSdk>['tracer'], nodeId: string): ConnectionInstrumentation {
  const instrumentation = createInstrumentation({ tracing: { tracer }, nodeId });
  if (instrumentation === undefined) throw new Error('expected an instrumentation');
  cleanups.push(() => instrumentation.dispose());
  return instrumentation;
}

/** A loopback server that records each request's headers and answers with `answer(n)` (n counts from 1). */
async function capturing(answer: (n: number) => { status: number; body: string }) {
  const seen: http.IncomingHttpHeaders[] = [];
  const server: LoopbackServer = await startLoopbackServer((request, response) => {
    seen.push(request.headers);
    const { status, body } = answer(seen.length);
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  cleanups.push(() => server.close());
  return { server, seen };
}

/** The reference server with its request log lines collected. */
async function referenceServer(): Promise<{ server: RunningServer; lines: { message: string; meta?: Record<string, unknown> }[] }> {
  const lines: { message: string; meta?: Record<string, unknown> }[] = [];
  const record = (message: string, meta?: Record<string, unknown>) => {
    lines.push(meta === undefined ? { message } : { message, meta });
  };
  const logger: ServerLogger = { debug: record, info: record, warn: record, error: record };
  const server = await startServer({ port: 0, host: '127.0.0.1', logger });
  cleanups.push(() => server.close());
  return { server, lines };
}

function parentContext(traceState?: string): { parent: SpanContext; active: ReturnType<typeof trace.setSpanContext> } {
  const parent: SpanContext = {
    traceId: '4bf92f3577b34da6a3ce929b0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED, isRemote: true,
    ...(traceState === undefined ? {} : { traceState: new TraceState(traceState) }),
  };
  return { parent, active: trace.setSpanContext(ROOT_CONTEXT, parent) };
}

describe('W3C trace context on every attempt (tracing on, W3C propagator registered)', () => {
  it('the reference server logs the trace id of the client span with the request', async () => {
    const { exporter, tracer } = registerSdk(true);
    const { server, lines } = await referenceServer();
    const client = new EnhancedApiClient(server.url, { instrumentation: instrumented(tracer, 'trace-1') });
    cleanups.push(() => client.dispose());

    await expect(client.getTasks()).resolves.toEqual([]);

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('vcconn.getTasks');
    const traceId = span?.spanContext().traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    // The log line is written once the answer has gone out: wait for it rather than for a time.
    await vi.waitFor(() => expect(lines.find((line) => line.message.startsWith('GET /api/tasks'))).toBeDefined());
    expect(lines.find((line) => line.message.startsWith('GET /api/tasks'))?.meta).toEqual({ traceId });
  });

  it('each attempt of a retried call carries a traceparent naming the call span; the caller\'s tracestate passes through', async () => {
    const { exporter, tracer } = registerSdk(true);
    const { server, seen } = await capturing((n) => (n < 3 ? { status: 503, body: '{}' } : { status: 200, body: '[]' }));
    const { client, passBackoff } = simulatedClient(server.url, { maxRetryAttempts: 3 }, { instrumentation: instrumented(tracer, 'trace-2') });
    cleanups.push(() => client.dispose());
    const { parent, active } = parentContext('vendor=abc,other=1');

    const call = context.with(active, () => client.getTasks());
    await passBackoff(1);
    await passBackoff(2);
    await expect(call).resolves.toEqual([]);

    const [span] = exporter.getFinishedSpans();
    const own = span?.spanContext();
    expect(span?.parentSpanContext?.spanId).toBe(parent.spanId);
    expect(own?.traceId).toBe(parent.traceId);
    expect(seen).toHaveLength(3);
    for (const headers of seen) {
      const match = TRACEPARENT.exec(String(headers.traceparent));
      expect(match, `traceparent ${String(headers.traceparent)}`).not.toBeNull();
      expect(match?.[1]).toBe(parent.traceId);
      expect(match?.[2]).toBe(own?.spanId);
      expect(headers.tracestate).toBe('vendor=abc,other=1');
    }
  });

  it('the Standard client injects too, on each of its attempts', async () => {
    const { exporter, tracer } = registerSdk(true);
    const { server, seen } = await capturing((n) => (n === 1 ? { status: 502, body: '{}' } : { status: 200, body: '[]' }));
    const client = new StandardApiClient(server.url, { instrumentation: instrumented(tracer, 'trace-3'), delay: () => Promise.resolve() });
    cleanups.push(() => client.dispose());
    await expect(client.getAllNodes()).resolves.toEqual([]);
    const spanId = exporter.getFinishedSpans()[0]?.spanContext().spanId;
    expect(seen.map((headers) => TRACEPARENT.exec(String(headers.traceparent))?.[2])).toEqual([spanId, spanId]);
  });

  it('a POST keeps its Idempotency-Key and Content-Type beside the trace headers', async () => {
    const { tracer } = registerSdk(true);
    const { server, seen } = await capturing(() => ({ status: 200, body: '{"id":1,"message":"m","source":"s","timestamp":"2025-01-01T00:00:00Z"}' }));
    const client = new EnhancedApiClient(server.url, { instrumentation: instrumented(tracer, 'trace-4') });
    cleanups.push(() => client.dispose());
    await client.sendDebugMessage('src', 'hello').catch(() => undefined);
    expect(seen[0]?.traceparent).toMatch(TRACEPARENT);
    expect(seen[0]?.['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]?.['content-type']).toMatch(/application\/json/);
  });
});

describe('no trace header unless a propagator is registered', () => {
  it('tracing on with the SDK but no propagator: no traceparent or tracestate reaches the server', async () => {
    const { exporter, tracer } = registerSdk(false);
    const { server, seen } = await capturing(() => ({ status: 200, body: '[]' }));
    const client = new EnhancedApiClient(server.url, { instrumentation: instrumented(tracer, 'trace-5') });
    cleanups.push(() => client.dispose());
    await context.with(parentContext('vendor=abc').active, () => client.getTasks());
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.traceparent).toBeUndefined();
    expect(seen[0]?.tracestate).toBeUndefined();
  });

  it('by default (no instrumentation) nothing is added, even with a propagator registered and an active span', async () => {
    registerSdk(true);
    const { server, seen } = await capturing(() => ({ status: 200, body: '[]' }));
    const enhanced = new EnhancedApiClient(server.url);
    const standard = new StandardApiClient(server.url);
    cleanups.push(() => enhanced.dispose(), () => standard.dispose());
    await context.with(parentContext().active, async () => {
      await enhanced.getTasks();
      await standard.getTasks();
    });
    expect(seen).toHaveLength(2);
    expect(seen.map((headers) => Object.keys(headers).filter((name) => name.startsWith('trace')))).toEqual([[], []]);
  });
});

describe('the reference server and a malformed traceparent', () => {
  it.each([
    'garbage',
    '00-4bf92f3577b34da6a3ce929b0e0e4736-00f067aa0ba902b7',
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    'ff-4bf92f3577b34da6a3ce929b0e0e4736-00f067aa0ba902b7-01',
  ])('answers as usual and logs no traceId for %s', async (header) => {
    const { server, lines } = await referenceServer();
    const answer = await fetch(`${server.url}/api/tasks`, { headers: { traceparent: header } });
    expect(answer.status).toBe(200);
    await vi.waitFor(() => expect(lines.find((line) => line.message.startsWith('GET /api/tasks 200'))).toBeDefined());
    expect(lines.find((line) => line.message.startsWith('GET /api/tasks 200'))?.meta).toBeUndefined();
  });
});
