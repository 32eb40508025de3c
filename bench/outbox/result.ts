/** What the outbox section measured (entries per second, one run each). */
export interface OutboxBenchResult {
  /** Entries queued in each queue run, and drained in the many-entities run. */
  readonly entries: number;
  /** `enqueue` awaited one after another: one durable commit (fsync) each. */
  readonly queuedPerSecSequential: number;
  /** `enqueue` 64 at a time. */
  readonly queuedPerSecConcurrent64: number;
  /** An OfflineClient delivering `createTask` entries, each its own entity, to the reference server on loopback. */
  readonly drainedPerSecEntities: number;
  /** Status writes of one task, drained in order one at a time. */
  readonly oneEntityEntries: number;
  readonly drainedPerSecOneEntity: number;
}

/** The section's table lines. */
export function renderOutboxTable(result: OutboxBenchResult): string {
  return [
    'Outbox: durable queue on SQLite (WAL, synchronous=FULL) and its delivery to the reference server on loopback',
    `  queued/s, enqueue awaited one by one (${result.entries}):  ${result.queuedPerSecSequential}`,
    `  queued/s, 64 enqueues at a time (${result.entries}):      ${result.queuedPerSecConcurrent64}`,
    `  drained/s, createTask, one entity each (${result.entries}): ${result.drainedPerSecEntities}`,
    `  drained/s, status writes of one task (${result.oneEntityEntries}):  ${result.drainedPerSecOneEntity}`,
  ].join('\n');
}
