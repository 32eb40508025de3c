import { OutboxStorageError } from '../errors/OutboxStorageError.js';

/** SQLite's error code of a better-sqlite3 error (`SQLITE_FULL`, `SQLITE_IOERR_WRITE`, ...), or ''. */
export function sqliteCodeOf(error: unknown): string {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : '';
}

/** True for the failures of the medium (full disk, I/O error, busy or locked file, read-only), not of the SQL. */
export function isStorageFailure(error: unknown): boolean {
  const code = sqliteCodeOf(error);
  return /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN|PROTOCOL|NOMEM)/.test(code);
}

/**
 * Turns a storage failure into an {@link OutboxStorageError} (other errors pass unchanged). After a full disk the
 * write-ahead log is checkpointed and truncated (`recover`): a WAL left grown would keep every later write
 * failing even once space is freed, as it did for complete() in an earlier attempt.
 */
export function storageError(file: string, action: string, error: unknown, recover: () => void): unknown {
  if (!isStorageFailure(error)) return error;
  const code = sqliteCodeOf(error);
  if (code.startsWith('SQLITE_FULL') || code.startsWith('SQLITE_IOERR')) {
    try {
      recover();
    } catch {
      // Still no space: the next write tries again, and fails with the same typed error until there is.
    }
  }
  return new OutboxStorageError(file, action, code, { cause: error });
}
