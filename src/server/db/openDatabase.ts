import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDriver } from './loadSqliteDriver.js';
import { MIGRATIONS } from './migrations.js';

/** An open better-sqlite3 database. */
export type Database = BetterSqlite3.Database;

/**
 * Opens (creating if needed) the server's database and brings its schema up to date.
 * A file database runs in WAL mode: a committed write is in the WAL before the answer leaves, so it survives
 * the process being killed (`synchronous=NORMAL` may only lose the last commits on a power loss).
 * @param location a file path or `:memory:`.
 */
export function openDatabase(driver: SqliteDriver, location: string): Database {
  const db = new driver(location);
  try {
    // First, so that switching to WAL and migrating wait for another process opening the same file (several servers).
    db.pragma('busy_timeout = 5000');
    if (location !== ':memory:') {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

// The version is read inside an immediate transaction: of several servers starting on one new file, one migrates
// and the others, once it has committed, find the schema up to date.
function migrate(db: Database): void {
  db.transaction(() => {
    const applied = db.pragma('user_version', { simple: true });
    const from = typeof applied === 'number' ? applied : 0;
    if (from > MIGRATIONS.length) {
      throw new Error(`Database schema version ${from} is newer than this server knows (${MIGRATIONS.length})`);
    }
    MIGRATIONS.slice(from).forEach((sql) => db.exec(sql));
    if (from < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
