import type BetterSqlite3 from 'better-sqlite3';
import { SqliteDriverMissingError } from '../errors/SqliteDriverMissingError.js';

/** The constructor better-sqlite3 exports. */
export type SqliteDriver = typeof BetterSqlite3;

type Importer = () => Promise<{ default: SqliteDriver }>;

// Imported only here, on demand: a host that embeds the client never loads the native module.
const importBetterSqlite3: Importer = () => import('better-sqlite3');

/**
 * Loads better-sqlite3.
 * @param importer how to import it; tests pass one that fails.
 * @throws {@link SqliteDriverMissingError} when the package is not installed or its native build cannot load.
 */
export async function loadSqliteDriver(importer: Importer = importBetterSqlite3): Promise<SqliteDriver> {
  try {
    return (await importer()).default;
  } catch (error) {
    throw new SqliteDriverMissingError({ cause: error });
  }
}
