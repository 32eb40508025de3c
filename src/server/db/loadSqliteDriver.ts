// The loader lives in src/sqlite (the outbox loads the driver too); re-exported for the server's modules.
export { loadSqliteDriver } from '../../sqlite/loadSqliteDriver.js';
export type { SqliteDriver, SqliteImporter } from '../../sqlite/loadSqliteDriver.js';
