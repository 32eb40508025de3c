import { Counter, register as globalRegister, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import type { ConnectionInstrumentation } from '../../../src/metrics/ConnectionInstrumentation.js';
import { ConnectionMetrics, METRIC_NAMES } from '../../../src/metrics/ConnectionMetrics.js';
import { createInstrumentation, defaultMetricsRegistry } from '../../../src/metrics/createInstrumentation.js';
import { parseExposition, samplesOf, valueOf } from './support/exposition.js';

const made: ConnectionInstrumentation[] = [];
function instrument(registry: Registry, nodeId: string): ConnectionInstrumentation {
  const instrumentation = createInstrumentation({ metrics: { registry }, nodeId });
  if (instrumentation === undefined) throw new Error('expected an instrumentation');
  made.push(instrumentation);
  return instrumentation;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((instrumentation) => instrumentation.dispose()));
});

describe('createInstrumentation', () => {
  it('is undefined when neither metrics nor tracing is asked for, so clients pay nothing', () => {
    expect(createInstrumentation()).toBeUndefined();
    expect(createInstrumentation({ metrics: false, tracing: false, nodeId: 'n' })).toBeUndefined();
  });

  it('metrics: true registers on the library default registry, never on prom-client global one', () => {
    const instrumentation = createInstrumentation({ metrics: true });
    if (instrumentation === undefined) throw new Error('expected an instrumentation');
    made.push(instrumentation);
    expect(instrumentation.nodeId).toMatch(/^vcconn-\d+$/);
    expect(defaultMetricsRegistry().getSingleMetric('vcconn_calls_total')).toBeDefined();
    expect(globalRegister.getSingleMetric('vcconn_calls_total')).toBeUndefined();
    expect(defaultMetricsRegistry()).toBe(defaultMetricsRegistry());
  });

  it('rejects an empty nodeId with a typed error naming it', () => {
    expect(() => createInstrumentation({ metrics: { registry: new Registry() }, nodeId: ' ' })).toThrow(InvalidArgumentError);
    expect(() => createInstrumentation({ metrics: { registry: new Registry() }, nodeId: ' ' })).toThrow(/nodeId/);
  });
});

describe('ConnectionMetrics: one metric set per registry, one series set per node', () => {
  it('registers every metric once, however many nodes share the registry', async () => {
    const registry = new Registry();
    const first = instrument(registry, 'a');
    const second = instrument(registry, 'b');
    expect(first.metrics).toBe(second.metrics);
    expect(ConnectionMetrics.of(registry)).toBe(first.metrics);
    const parsed = parseExposition(await registry.metrics());
    expect([...parsed.families.keys()].sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('refuses a nodeId a live node already uses on the same registry, and frees it on dispose', async () => {
    const registry = new Registry();
    const first = instrument(registry, 'a');
    expect(() => instrument(registry, 'a')).toThrow(/"a" is already in use/);
    // Another registry is another namespace.
    instrument(new Registry(), 'a');
    await first.dispose();
    expect(() => instrument(registry, 'a')).not.toThrow();
  });

  it('refuses a registry whose vcconn_ metric came from elsewhere rather than failing inside prom-client', () => {
    const registry = new Registry();
    new Counter({ name: 'vcconn_retries_total', help: 'not ours', registers: [registry] });
    expect(() => ConnectionMetrics.of(registry)).toThrow(/vcconn_retries_total is already registered/);
  });

  it('dispose removes the node series (counters, histograms, gauges) and leaves the other node series', async () => {
    const registry = new Registry();
    const a = instrument(registry, 'a');
    const b = instrument(registry, 'b');
    for (const node of [a, b]) {
      node.clientCommitted('enhanced', 'standard');
      node.recoveryEnded(true);
      const observer = node.observe({ type: 'standard', baseUrl: 'http://127.0.0.1:1', breakerState: () => undefined });
      observer.healthChecked({ isHealthy: true, responseTimeMs: 3 });
      const call = observer.callStarted('getTasks');
      call.attempt(1, 0, { ok: true });
      call.succeeded();
    }
    await a.dispose();
    const parsed = parseExposition(await registry.metrics());
    expect(parsed.samples.filter((sample) => sample.labels.node === 'a')).toEqual([]);
    expect(valueOf(parsed, 'vcconn_calls_total', { node: 'b', outcome: 'success' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_client_switches_total', { node: 'b', from: 'enhanced', to: 'standard' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_health_check_duration_seconds_count', { node: 'b' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_current_client', { node: 'b', client: 'standard' })).toBe(1);
    expect(samplesOf(parsed, 'vcconn_breaker_state', { node: 'b' }).map((sample) => sample.value)).toEqual([0, 0, 0, 0]);
  });
});
