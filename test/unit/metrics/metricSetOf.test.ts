import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import { ConnectionMetrics } from '../../../src/metrics/ConnectionMetrics.js';
import { HedgeMetrics } from '../../../src/metrics/HedgeMetrics.js';
import { OutboxMetrics } from '../../../src/metrics/OutboxMetrics.js';

const sets = [
  { name: 'ConnectionMetrics', of: (registry: Registry): unknown => ConnectionMetrics.of(registry), metric: 'vcconn_calls_total' },
  { name: 'OutboxMetrics', of: (registry: Registry): unknown => OutboxMetrics.of(registry), metric: 'vcconn_outbox_queued_total' },
  { name: 'HedgeMetrics', of: (registry: Registry): unknown => HedgeMetrics.of(registry), metric: 'vcconn_hedged_requests_total' },
];

describe('metric sets: registered once per registry', () => {
  it.each(sets)('$name: of() gives the same set for the same registry, another for another', ({ of }) => {
    const registry = new Registry();
    expect(of(registry)).toBe(of(registry));
    expect(of(new Registry())).not.toBe(of(registry));
  });

  it.each(sets)('$name: of() refuses a registry that holds $metric from something else, naming the metric', ({ of, metric }) => {
    const registry = new Registry();
    new Counter({ name: metric, help: 'not ours', registers: [registry] });
    expect(() => of(registry)).toThrow(InvalidArgumentError);
    expect(() => of(registry)).toThrow(`${metric} is already registered by something else; pass a registry of your own`);
  });
});
