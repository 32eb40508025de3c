import { basename } from 'node:path';
import type { Registry } from 'prom-client';
import type { MetricsRegistry } from './peerTypes.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { defaultMetricsRegistry } from './createInstrumentation.js';
import { OutboxMetrics } from './OutboxMetrics.js';
import type { OutboxFigures, OutboxGaugeSource } from './outboxMetricNames.js';

interface EventEntry {
  readonly operation: string;
}

/**
 * The events the counters follow: an `OfflineClient` is one. Declared here by shape (src/metrics does not import
 * src/outbox, which sits above it).
 */
export interface OutboxEventSource {
  on(name: 'queued', listener: (event: { readonly entry: EventEntry }) => void): () => void;
  on(name: 'delivered', listener: (event: { readonly entry: EventEntry; readonly kind: string }) => void): () => void;
  on(name: 'deadLettered', listener: (event: { readonly deadLetter: { readonly entry: EventEntry; readonly reason: string } }) => void): () => void;
}

/** Options of {@link watchOutbox}. */
export interface WatchOutboxOptions {
  /** The outbox whose gauges to export: an `Outbox` (its `file` gives the `outbox` label, its `stats()` the values). */
  readonly outbox: { readonly file: string; stats(): OutboxFigures };
  /** The client delivering it, whose `queued` / `delivered` / `deadLettered` events feed the counters. */
  readonly events?: OutboxEventSource;
  /** The `node` label, e.g. the ConnectionManager's `nodeId`. */
  readonly nodeId: string;
  /** Default: the library's default registry (`defaultMetricsRegistry()`), as `metrics: true` uses. */
  readonly registry?: MetricsRegistry;
}

/** What {@link watchOutbox} returns. */
export interface OutboxWatch {
  /** Stops counting and removes the outbox's series. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * Exports an outbox's Prometheus series: `vcconn_outbox_pending_entries`, `vcconn_outbox_dead_letter_entries`,
 * `vcconn_outbox_oldest_entry_age_seconds` (read from `stats()` at each scrape) and, with `events`,
 * `vcconn_outbox_queued_total`, `vcconn_outbox_delivered_total` and `vcconn_outbox_dead_lettered_total`. Dispose
 * the watch before closing the outbox, or its gauges vanish at the next scrape while its counters stay.
 * @throws {@link InvalidArgumentError} for an empty `nodeId`, or a node that already shows an outbox of the same
 *   basename on the registry.
 */
export function watchOutbox(options: WatchOutboxOptions): OutboxWatch {
  if (typeof options.nodeId !== 'string' || options.nodeId.trim() === '') {
    throw new InvalidArgumentError('watchOutbox', 'nodeId', `expected a non-empty string, got ${JSON.stringify(options.nodeId)}`);
  }
  // The host's registry comes from prom-client itself (see peerTypes.ts).
  const metrics = OutboxMetrics.of((options.registry ?? defaultMetricsRegistry()) as Registry);
  const { outbox } = options;
  const source: OutboxGaugeSource = { nodeId: options.nodeId, outbox: basename(outbox.file), stats: () => outbox.stats() };
  metrics.claim(source);
  const labels = (entry: EventEntry) => ({ node: source.nodeId, outbox: source.outbox, operation: entry.operation });
  const events = options.events;
  const unsubscribe = events === undefined ? [] : [
    events.on('queued', ({ entry }) => metrics.queued.inc(labels(entry))),
    events.on('delivered', ({ entry, kind }) => metrics.delivered.inc({ ...labels(entry), kind })),
    events.on('deadLettered', ({ deadLetter }) => metrics.deadLettered.inc({ ...labels(deadLetter.entry), reason: deadLetter.reason })),
  ];
  let disposal: Promise<void> | undefined;
  return {
    dispose: () => {
      disposal ??= (async () => {
        for (const off of unsubscribe) off();
        await metrics.release(source);
      })();
      return disposal;
    },
  };
}
