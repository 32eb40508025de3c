import type { DeadLetterRow, EntryRow } from './schema.js';
import type { DeadLetter, DeadLetterReason, OutboxEntry, OutboxOperationName } from './types.js';

function parseArgs(payload: string): readonly unknown[] {
  const parsed: unknown = JSON.parse(payload);
  return Array.isArray(parsed) ? parsed : [];
}

/** An `entries` row as an {@link OutboxEntry}. */
export function entryOf(row: EntryRow): OutboxEntry {
  return {
    id: row.id,
    entity: row.entity,
    entityOrder: row.entity_order,
    operation: row.operation as OutboxOperationName,
    args: parseArgs(row.payload),
    idempotencyKey: row.idempotency_key,
    enqueuedAt: row.enqueued_at,
    attempts: row.attempts,
    state: row.state === 'inFlight' ? 'inFlight' : 'queued',
    lastError: row.last_error,
    bytes: row.bytes,
  };
}

/** A `dead_letter` row as a {@link DeadLetter}. */
export function deadLetterOf(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    entry: entryOf({ ...row, id: row.entry_id, state: 'queued' }),
    reason: row.reason as DeadLetterReason,
    status: row.status,
    answer: row.answer,
    at: row.at,
  };
}
