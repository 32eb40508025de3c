// Apart from OutboxMetrics.ts, whose declarations name prom-client's types (an optional peer): the library's entry
// exports these.

/** The figures the outbox gauges read at scrape time (an `Outbox`'s `stats()` gives them). */
export interface OutboxFigures {
  readonly pending: number;
  readonly deadLetters: number;
  readonly oldestEntryAgeSeconds: number;
}

/** One outbox file as the gauges see it. */
export interface OutboxGaugeSource {
  /** The `node` label. */
  readonly nodeId: string;
  /** The `outbox` label: the file's basename. */
  readonly outbox: string;
  /** Read at each scrape; an outbox that throws (closed under the watch) shows no series in that scrape. */
  stats(): OutboxFigures;
}

/** Every metric name `OutboxMetrics` registers. */
export const OUTBOX_METRIC_NAMES = [
  'vcconn_outbox_pending_entries', 'vcconn_outbox_dead_letter_entries', 'vcconn_outbox_oldest_entry_age_seconds',
  'vcconn_outbox_queued_total', 'vcconn_outbox_delivered_total', 'vcconn_outbox_dead_lettered_total',
] as const;
