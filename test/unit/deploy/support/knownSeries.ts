import { Registry } from 'prom-client';
import { ConnectionMetrics } from '../../../../src/metrics/ConnectionMetrics.js';
import { OutboxMetrics } from '../../../../src/metrics/OutboxMetrics.js';

/** A metric as the exposition shows it: histograms become `_bucket`, `_sum` and `_count` series. */
export interface KnownSeries {
  readonly name: string;
  readonly metric: string;
  readonly type: string;
}

/**
 * Every series name src/metrics registers on a registry (the connection's and the offline outbox's; read from
 * prom-client, not from a list), by sample name.
 */
export async function registeredSeries(): Promise<Map<string, KnownSeries>> {
  const registry = new Registry();
  ConnectionMetrics.of(registry);
  OutboxMetrics.of(registry);
  const known = new Map<string, KnownSeries>();
  for (const metric of await registry.getMetricsAsJSON()) {
    const names = String(metric.type) === 'histogram' ? ['_bucket', '_sum', '_count'].map((suffix) => `${metric.name}${suffix}`) : [metric.name];
    for (const name of names) known.set(name, { name, metric: metric.name, type: String(metric.type) });
  }
  return known;
}
