import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { getLocal } from 'mockttp';
import type { Mockttp } from 'mockttp';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionOptions } from '../../../src/config/types.js';
import { BrokenCircuitError, HttpStatusError } from '../../../src/errors/index.js';
import type { ConnectionInstrumentation } from '../../../src/metrics/ConnectionInstrumentation.js';
import { createInstrumentation } from '../../../src/metrics/createInstrumentation.js';
import type { InstrumentationOptions } from '../../../src/metrics/createInstrumentation.js';
import { rejection, simulatedClient } from '../enhanced/support/simulatedClient.js';
import type { SimulatedClient } from '../enhanced/support/simulatedClient.js';
import { parseExposition, valueOf } from '../../unit/metrics/support/exposition.js';

let mock: Mockttp;
let harness: SimulatedClient | undefined;
let instrumentation: ConnectionInstrumentation | undefined;
let provider: BasicTracerProvider | undefined;

beforeEach(async () => {
  mock = getLocal();
  await mock.start();
});

afterEach(async () => {
  await harness?.client.dispose();
  await instrumentation?.dispose();
  await provider?.shutdown();
  trace.disable();
  harness = undefined;
  instrumentation = undefined;
  provider = undefined;
  await mock.stop();
});

function tracedClient(options: InstrumentationOptions, connection: Partial<ConnectionOptions> = {}): SimulatedClient {
  instrumentation = createInstrumentation({ nodeId: 'node-t', ...options });
  harness = simulatedClient(`http://127.0.0.1:${mock.port}`, connection, { instrumentation });
  return harness;
}

function inMemoryTracing(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return exporter;
}

function attemptEvents(span: ReadableSpan | undefined) {
  return (span?.events ?? []).filter((event) => event.name === 'vcconn.attempt').map((event) => event.attributes);
}

describe('spans of the Enhanced client, read with the SDK in-memory exporter', () => {
  it('one CLIENT span per call, named vcconn.<operation>, with an event per attempt carrying its delay, outcome and error kind', async () => {
    const exporter = inMemoryTracing();
    const { client, passBackoff } = tracedClient({ tracing: { tracer: provider!.getTracer('test') } });
    await mock.forGet('/api/tasks').once().thenReply(503, 'busy');
    await mock.forGet('/api/tasks').thenJson(200, []);
    const call = client.getTasks();
    const delay = await passBackoff(1);
    await expect(call).resolves.toEqual([]);

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.name).toBe('vcconn.getTasks');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).toMatchObject({
      'http.request.method': 'GET', 'url.template': 'api/tasks', 'server.address': '127.0.0.1', 'server.port': mock.port,
      'vcconn.operation': 'getTasks', 'vcconn.client.type': 'enhanced', 'vcconn.node.id': 'node-t',
      'vcconn.breaker.state': 'closed', 'vcconn.attempts': 2,
    });
    expect(delay).toBe(100);
    expect(attemptEvents(span)).toEqual([
      {
        'vcconn.attempt.number': 1, 'vcconn.attempt.delay_ms': 0, 'vcconn.attempt.outcome': 'failure',
        'vcconn.attempt.error_kind': 'http_5xx', 'error.type': 'ERR_HTTP_STATUS', 'http.response.status_code': 503,
        'vcconn.breaker.state': 'closed',
      },
      { 'vcconn.attempt.number': 2, 'vcconn.attempt.delay_ms': 100, 'vcconn.attempt.outcome': 'success', 'vcconn.breaker.state': 'closed' },
    ]);
  });

  it('a failed call ends its span with error status, error.type, the status code and the exception', async () => {
    const exporter = inMemoryTracing();
    const { client } = tracedClient({ tracing: { tracer: provider!.getTracer('test') } });
    await mock.forPut('/api/tasks/7/status').thenReply(400, 'bad status');
    expect(await rejection(client.updateTaskStatus(7, 'Completed'))).toBeInstanceOf(HttpStatusError);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('vcconn.updateTaskStatus');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.status.message).toMatch(/400/);
    expect(span?.attributes).toMatchObject({
      'http.request.method': 'PUT', 'url.template': 'api/tasks/{taskId}/status', 'error.type': 'ERR_HTTP_STATUS',
      'http.response.status_code': 400, 'vcconn.attempts': 1,
    });
    expect(attemptEvents(span)).toHaveLength(1);
    expect(span?.events.some((event) => event.name === 'exception')).toBe(true);
  });

  it('a call the open circuit refuses has a span with breaker state open, no attempt event and ERR_CIRCUIT_OPEN', async () => {
    const exporter = inMemoryTracing();
    const { client } = tracedClient(
      { tracing: { tracer: provider!.getTracer('test') } },
      { maxRetryAttempts: 0, circuitBreakerFailureThreshold: 2, circuitBreakerMinimumThroughput: 2 },
    );
    await mock.forGet('/api/tasks').thenReply(503, 'busy');
    for (let i = 0; i < 2; i++) await rejection(client.getTasks());
    expect(await rejection(client.getTasks())).toBeInstanceOf(BrokenCircuitError);
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(3);
    // The second failure opened the circuit: its attempt event says so.
    expect(attemptEvents(spans[1])[0]).toMatchObject({ 'vcconn.attempt.outcome': 'failure', 'vcconn.breaker.state': 'open' });
    const refused = spans[2];
    expect(refused?.attributes).toMatchObject({ 'vcconn.breaker.state': 'open', 'error.type': 'ERR_CIRCUIT_OPEN', 'vcconn.attempts': 0 });
    expect(refused?.status.code).toBe(SpanStatusCode.ERROR);
    expect(attemptEvents(refused)).toEqual([]);
  });

  it('tracing: true uses the global tracer provider the host registered', async () => {
    const exporter = inMemoryTracing();
    trace.setGlobalTracerProvider(provider!);
    const { client } = tracedClient({ tracing: true });
    await mock.forGet('/api/nodes').thenJson(200, []);
    await client.getAvailableNodes();
    expect(exporter.getFinishedSpans().map((span) => [span.name, span.instrumentationScope.name])).toEqual([
      ['vcconn.getAvailableNodes', 'vcdevtool-connection'],
    ]);
  });
});

describe('with no OpenTelemetry SDK installed', () => {
  it('tracing: true costs a non-recording span and nothing fails: calls, retries, refusals and metrics all work', async () => {
    const registry = new Registry();
    const { client, passBackoff } = tracedClient({ tracing: true, metrics: { registry } }, { circuitBreakerFailureThreshold: 2, circuitBreakerMinimumThroughput: 2 });
    await mock.forGet('/api/tasks').once().thenReply(503, 'busy');
    await mock.forGet('/api/tasks').thenJson(200, []);
    const call = client.getTasks();
    await passBackoff(1);
    await expect(call).resolves.toEqual([]);
    await mock.forGet('/api/nodes').thenReply(400, 'no');
    expect(await rejection(client.getAvailableNodes())).toBeInstanceOf(HttpStatusError);
    expect(trace.getTracer('vcdevtool-connection').startSpan('probe').isRecording()).toBe(false);
    const scraped = parseExposition(await registry.metrics());
    expect(valueOf(scraped, 'vcconn_retries_total', { operation: 'getTasks' })).toBe(1);
    expect(valueOf(scraped, 'vcconn_failures_total', { operation: 'getAvailableNodes', kind: 'http_4xx' })).toBe(1);
  });
});
