import type BetterSqlite3 from 'better-sqlite3';
import { SqliteDriverMissingError } from '../errors/SqliteDriverMissingError.js';
import type { SqliteModuleImporter } from './types.js';

/** The constructor better-sqlite3 exports. */
export type SqliteDriver = typeof BetterSqlite3;

/** How the driver is imported; tests pass one that fails. */
export type SqliteImporter = SqliteModuleImporter;

// Imported only here, on demand: a host that embeds the client (and uses no outbox) never loads the native module.
const importBetterSqlite3: SqliteImporter = () => import('better-sqlite3');

function isDriver(value: unknown): value is SqliteDriver {
  return typeof value === 'function';
}

/**
 * Loads better-sqlite3, for the reference server and the offline outbox.
 * @param importer how to import it; tests pass one that fails.
 * @throws {@link SqliteDriverMissingError} when the package is not installed, its native build cannot load, or
 *   what was imported is not its constructor.
 */
export async function loadSqliteDriver(importer: SqliteImporter = importBetterSqlite3): Promise<SqliteDriver> {
  let driver: unknown;
  try {
    driver = (await importer()).default;
  } catch (error) {
    throw new SqliteDriverMissingError({ cause: error });
  }
  if (!isDriver(driver)) throw new SqliteDriverMissingError({ cause: new TypeError('the imported module exports no database constructor') });
  return driver;
}
