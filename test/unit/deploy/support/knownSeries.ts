import { Registry } from 'prom-client';
import { ConnectionMetrics } from '../../../../src/metrics/ConnectionMetrics.js';

/**
 * The offline outbox's series (issue #17, labels {node, outbox}; the delivered/dead-lettered counters add
 * operation): the alerts and the dashboard use them already, but src/metrics registers them only once the outbox
 * work is merged, so they are listed here rather than read from a registry. TODO(#17): once ConnectionMetrics
 * registers them, read them from the registry like the others and drop this list.
 */
export const OUTBOX_SERIES = [
  { name: 'vcconn_outbox_pending_entries', type: 'gauge', labels: ['node', 'outbox'] },
  { name: 'vcconn_outbox_dead_letter_entries', type: 'gauge', labels: ['node', 'outbox'] },
  { name: 'vcconn_outbox_oldest_entry_age_seconds', type: 'gauge', labels: ['node', 'outbox'] },
  { name: 'vcconn_outbox_delivered_total', type: 'counter', labels: ['node', 'outbox', 'operation'] },
  { name: 'vcconn_outbox_dead_lettered_total', type: 'counter', labels: ['node', 'outbox', 'operation'] },
] as const;

/** A metric as the exposition shows it: histograms become `_bucket`, `_sum` and `_count` series. */
export interface KnownSeries {
  readonly name: string;
  readonly metric: string;
  readonly type: string;
}

/** Every series name src/metrics registers on a registry (read from prom-client, not from a list), by sample name. */
export async function registeredSeries(): Promise<Map<string, KnownSeries>> {
  const registry = new Registry();
  ConnectionMetrics.of(registry);
  const known = new Map<string, KnownSeries>();
  for (const metric of await registry.getMetricsAsJSON()) {
    const names = String(metric.type) === 'histogram' ? ['_bucket', '_sum', '_count'].map((suffix) => `${metric.name}${suffix}`) : [metric.name];
    for (const name of names) known.set(name, { name, metric: metric.name, type: String(metric.type) });
  }
  return known;
}
