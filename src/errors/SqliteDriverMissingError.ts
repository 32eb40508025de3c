import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/**
 * better-sqlite3 (an optional dependency, needed by the reference server and by the offline outbox) could not be
 * loaded: it is not installed, or its native build does not load on this Node. Install it with
 * `npm install better-sqlite3@12`.
 */
export class SqliteDriverMissingError extends VcconnError {
  readonly code = 'ERR_SQLITE_DRIVER_MISSING';
  /** The package that could not be loaded. */
  readonly packageName = 'better-sqlite3';

  constructor(options?: { cause?: unknown }) {
    super(
      'The reference server and the offline outbox need the optional dependency better-sqlite3, which could not be '
        + 'loaded; install it with `npm install better-sqlite3@12`',
      options,
    );
  }
}

/** True when `value` is a {@link SqliteDriverMissingError}. */
export function isSqliteDriverMissingError(value: unknown): value is SqliteDriverMissingError {
  return value instanceof SqliteDriverMissingError || hasCode(value, 'ERR_SQLITE_DRIVER_MISSING');
}
