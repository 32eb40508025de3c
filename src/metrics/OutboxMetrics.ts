import type { Counter, Registry } from 'prom-client';
import { promClient } from './optionalPackages.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { OutboxFigures, OutboxGaugeSource } from './outboxMetricNames.js';
import { OUTBOX_METRIC_NAMES } from './outboxMetricNames.js';
import { metricSetOf } from './metricSetOf.js';

export type { OutboxFigures, OutboxGaugeSource };
export { OUTBOX_METRIC_NAMES };

type OutboxLabels = 'node' | 'outbox' | 'operation';

const sets = new WeakMap<Registry, OutboxMetrics>();

/**
 * The offline outbox's metrics on one prom-client `Registry`, registered once per registry like
 * `ConnectionMetrics`: gauges read from each watched outbox's `stats()` at scrape time (so they are right even
 * after a restart on a file that already holds entries), counters fed by the OfflineClient's events. Series are
 * labelled `{node, outbox}`, `outbox` being the file's basename. Get it with {@link OutboxMetrics.of}; hosts use
 * `watchOutbox`.
 */
export class OutboxMetrics {
  /** Entries written to the outbox (`queued` events), by operation. */
  readonly queued: Counter<OutboxLabels>;
  /** Entries delivered, by operation and how (`sent`, `alreadyApplied`, `replayed`, `resent`). */
  readonly delivered: Counter<OutboxLabels | 'kind'>;
  /** Entries moved to the dead letters, by operation and reason (`rejected`, `conflict`, `invalid`, `expired`). */
  readonly deadLettered: Counter<OutboxLabels | 'reason'>;
  private readonly sources = new Map<string, OutboxGaugeSource>();
  private readonly recorded: readonly Counter<string>[];

  /**
   * The outbox metric set of `registry`, registering it on first use.
   * @throws {@link InvalidArgumentError} when the registry already holds a `vcconn_outbox_` metric of another
   *   origin (e.g. a second copy of this library).
   */
  static of(registry: Registry): OutboxMetrics {
    return metricSetOf(sets, registry, OUTBOX_METRIC_NAMES, (r) => new OutboxMetrics(r));
  }

  private constructor(registry: Registry) {
    const { Counter, Gauge } = promClient();
    const registers = [registry];
    const labelNames = ['node', 'outbox', 'operation'] as const;
    this.queued = new Counter({
      name: 'vcconn_outbox_queued_total', help: 'Writes queued in the offline outbox (durable on disk), by operation.',
      labelNames, registers,
    });
    this.delivered = new Counter({
      name: 'vcconn_outbox_delivered_total',
      help: 'Outbox entries delivered, by operation and kind (sent; alreadyApplied: found applied by reading back; replayed: resent with its Idempotency-Key; resent: a harmless repeat).',
      labelNames: [...labelNames, 'kind'], registers,
    });
    this.deadLettered = new Counter({
      name: 'vcconn_outbox_dead_lettered_total',
      help: 'Outbox entries moved to the dead letters, by operation and reason (rejected, conflict, invalid, expired).',
      labelNames: [...labelNames, 'reason'], registers,
    });
    const figures = (): { source: OutboxGaugeSource; stats: OutboxFigures }[] => [...this.sources.values()].flatMap((source) => {
      try {
        return [{ source, stats: source.stats() }];
      } catch {
        // A closed outbox has nothing to show; one bad source must not fail the whole scrape.
        return [];
      }
    });
    // Declared as `name: '...'` like every other metric, so the docs test finds them in the source.
    const gauges: readonly { name: string; help: string; read: (stats: OutboxFigures) => number }[] = [
      { name: 'vcconn_outbox_pending_entries', help: 'Entries waiting in the outbox (queued or in flight).', read: (stats) => stats.pending },
      {
        name: 'vcconn_outbox_dead_letter_entries',
        help: 'Dead letters in the outbox: rejected or expired writes waiting for an operator (vcconn outbox list --dead).',
        read: (stats) => stats.deadLetters,
      },
      {
        name: 'vcconn_outbox_oldest_entry_age_seconds', help: 'Age of the oldest pending outbox entry, seconds (0 when empty).',
        read: (stats) => stats.oldestEntryAgeSeconds,
      },
    ];
    for (const { name, help, read } of gauges) {
      new Gauge({
        name, help, labelNames: ['node', 'outbox'], registers,
        collect() {
          this.reset();
          for (const { source, stats } of figures()) this.set({ node: source.nodeId, outbox: source.outbox }, read(stats));
        },
      });
    }
    this.recorded = [this.queued, this.delivered, this.deadLettered];
  }

  /**
   * Adds the gauges of one outbox.
   * @throws {@link InvalidArgumentError} when the same node already shows an outbox of that name on this registry.
   */
  claim(source: OutboxGaugeSource): void {
    const key = keyOf(source);
    if (this.sources.has(key)) {
      throw new InvalidArgumentError('metrics', 'outbox', `node "${source.nodeId}" already shows an outbox named "${source.outbox}" on this registry`);
    }
    this.sources.set(key, source);
  }

  /** Removes every series of the outbox (other outboxes' stay). */
  async release(source: OutboxGaugeSource): Promise<void> {
    const key = keyOf(source);
    if (this.sources.get(key) !== source) return;
    this.sources.delete(key);
    for (const metric of this.recorded) {
      for (const { labels } of (await metric.get()).values) {
        if (labels.node === source.nodeId && labels.outbox === source.outbox) metric.remove(labels);
      }
    }
  }
}

function keyOf(source: OutboxGaugeSource): string {
  return JSON.stringify([source.nodeId, source.outbox]);
}
