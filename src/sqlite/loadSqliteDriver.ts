import type BetterSqlite3 from 'better-sqlite3';
import { SqliteDriverMissingError } from '../errors/SqliteDriverMissingError.js';
import type { SqliteImporter } from './importer.js';

/** The constructor better-sqlite3 exports. */
export type SqliteDriver = typeof BetterSqlite3;

export type { SqliteImporter };

// Imported only here, on demand: a host that embeds the client (and uses no outbox) never loads the native module.
const importBetterSqlite3: SqliteImporter = () => import('better-sqlite3');

/**
 * Loads better-sqlite3, for the reference server and the offline outbox.
 * @param importer how to import it; tests pass one that fails.
 * @throws {@link SqliteDriverMissingError} when the package is not installed or its native build cannot load.
 */
export async function loadSqliteDriver(importer: SqliteImporter = importBetterSqlite3): Promise<SqliteDriver> {
  try {
    // Whatever the importer gave is better-sqlite3's module (the default importer's type says so).
    return (await importer()).default as SqliteDriver;
  } catch (error) {
    throw new SqliteDriverMissingError({ cause: error });
  }
}
