import { VcconnError } from '../../errors/VcconnError.js';

/**
 * The reference server needs better-sqlite3 (an optional dependency) and it could not be loaded.
 * Install it with `npm install better-sqlite3@12`.
 */
export class SqliteDriverMissingError extends VcconnError {
  readonly code = 'ERR_SQLITE_DRIVER_MISSING';
  /** The package the server tried to load. */
  readonly packageName = 'better-sqlite3';

  constructor(options?: { cause?: unknown }) {
    super(
      'The reference server needs the optional dependency better-sqlite3, which could not be loaded; '
        + 'install it with `npm install better-sqlite3@12`',
      options,
    );
  }
}

/** True when `value` is a {@link SqliteDriverMissingError}. */
export function isSqliteDriverMissingError(value: unknown): value is SqliteDriverMissingError {
  return value instanceof SqliteDriverMissingError;
}
