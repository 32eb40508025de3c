/** The marker row that makes an SQLite file an outbox: its name, and the format version this library writes. */
export const OUTBOX_FORMAT_NAME = 'vcdevtool-connection/outbox';
export const OUTBOX_FORMAT_VERSION = 1;

/**
 * The outbox's tables. `entries` holds what is pending, `entity_orders` the last order given to each entity (so
 * the order keeps growing after its entries are gone), `dead_letter` what was given up on, with the server's
 * answer. `outbox_format` is the marker a foreign or newer file is told apart by.
 */
export const OUTBOX_SCHEMA = `
CREATE TABLE outbox_format (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE TABLE entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL,
  entity_order INTEGER NOT NULL,
  operation TEXT NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  enqueued_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('queued', 'inFlight')),
  last_error TEXT,
  bytes INTEGER NOT NULL
);
CREATE INDEX entries_by_entity ON entries (entity, id);
CREATE TABLE entity_orders (entity TEXT PRIMARY KEY, last_order INTEGER NOT NULL);
CREATE TABLE dead_letter (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entry_id INTEGER NOT NULL,
  entity TEXT NOT NULL,
  entity_order INTEGER NOT NULL,
  operation TEXT NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  enqueued_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT,
  bytes INTEGER NOT NULL,
  reason TEXT NOT NULL,
  status INTEGER,
  answer TEXT NOT NULL,
  at INTEGER NOT NULL
);
`;

/** A row of `entries`. */
export interface EntryRow {
  id: number;
  entity: string;
  entity_order: number;
  operation: string;
  payload: string;
  idempotency_key: string;
  enqueued_at: number;
  attempts: number;
  state: string;
  last_error: string | null;
  bytes: number;
}

/** A row of `dead_letter`. */
export interface DeadLetterRow extends Omit<EntryRow, 'state' | 'id'> {
  id: number;
  entry_id: number;
  reason: string;
  status: number | null;
  answer: string;
  at: number;
}
