import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** Which table of the outbox an id was looked up in. */
export type OutboxTable = 'pending' | 'deadLetters';

/**
 * `vcconn outbox retry|drop` named an entry the outbox file does not hold (any more), or one it may not touch now
 * (an entry in flight). Names the file, the id and the table; nothing was changed.
 */
export class OutboxEntryNotFoundError extends VcconnError {
  readonly code = 'ERR_OUTBOX_ENTRY_NOT_FOUND';
  /** The outbox file. */
  readonly file: string;
  readonly id: number;
  readonly table: OutboxTable;

  constructor(file: string, table: OutboxTable, id: number, detail: string) {
    super(`outbox ${file}: ${table === 'pending' ? 'pending entry' : 'dead letter'} #${id} ${detail}; nothing was changed`);
    this.file = file;
    this.table = table;
    this.id = id;
  }
}

/** True when `value` is an {@link OutboxEntryNotFoundError}. */
export function isOutboxEntryNotFoundError(value: unknown): value is OutboxEntryNotFoundError {
  return value instanceof OutboxEntryNotFoundError || hasCode(value, 'ERR_OUTBOX_ENTRY_NOT_FOUND');
}
