import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/**
 * The outbox file could not be written or read (SQLite's SQLITE_FULL: the disk is full; SQLITE_IOERR: an I/O
 * error; SQLITE_BUSY: another process holds it). The statement that failed was rolled back: nothing already
 * queued is lost, and the failed operation did not happen (an `enqueue` queued nothing). After a full disk the
 * outbox truncates its write-ahead log, so it works again once space is freed.
 */
export class OutboxStorageError extends VcconnError {
  readonly code = 'ERR_OUTBOX_STORAGE';
  /** The outbox file. */
  readonly file: string;
  /** What was being done, e.g. `enqueue`, `complete`. */
  readonly action: string;
  /** SQLite's error code, e.g. `SQLITE_FULL`, or '' when none. */
  readonly sqliteCode: string;

  constructor(file: string, action: string, sqliteCode: string, options: { cause: unknown }) {
    const reason = sqliteCode === 'SQLITE_FULL' ? 'the disk is full' : (sqliteCode === '' ? 'a storage failure' : sqliteCode);
    super(`outbox ${file}: ${action} failed: ${reason}; nothing already queued was lost`, options);
    this.file = file;
    this.action = action;
    this.sqliteCode = sqliteCode;
  }
}

/** True when `value` is an {@link OutboxStorageError}. */
export function isOutboxStorageError(value: unknown): value is OutboxStorageError {
  return value instanceof OutboxStorageError || hasCode(value, 'ERR_OUTBOX_STORAGE');
}
