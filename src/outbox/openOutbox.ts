import type BetterSqlite3 from 'better-sqlite3';
import { defaultOutboxOptions } from '../config/defaults.js';
import { outboxOptionsSchema } from '../config/schema.js';
import type { KeySpec } from '../config/keySpec.js';
import { outboxKeys } from '../config/outboxKeys.js';
import { ConfigError } from '../errors/ConfigError.js';
import { OutboxFileError } from '../errors/OutboxFileError.js';
import { loadSqliteDriver } from '../sqlite/loadSqliteDriver.js';
import type { SqliteDriver } from '../sqlite/loadSqliteDriver.js';
import type { SqliteModuleImporter } from '../sqlite/types.js';
import { registerDeliveryQueue } from './DeliveryQueue.js';
import { OUTBOX_FORMAT_NAME, OUTBOX_FORMAT_VERSION, OUTBOX_SCHEMA } from './schema.js';
import { SqliteOutbox } from './SqliteOutbox.js';
import { sqliteCodeOf, storageError } from './storageFailure.js';
import type { OpenOutboxOptions, Outbox } from './types.js';

type Database = BetterSqlite3.Database;

/** How large the write-ahead log may stay after a checkpoint: bounded, so a full disk frees what it can. */
const JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * Opens (creating it when missing) the outbox in `file`: an SQLite database in WAL mode with
 * `synchronous=FULL`, so an entry is on disk before `enqueue` resolves and survives a `kill -9` of the process.
 * Entries found `inFlight` were being sent when the last process stopped: their outcome is unknown, and delivery
 * reconciles them before sending anything again. better-sqlite3 is loaded here, on first use, never on import.
 *
 * @example
 * const outbox = await openOutbox('/var/lib/vcdevtool/outbox.db', { limits: settings.outbox });
 * await outbox.enqueue({ operation: 'updateTaskStatus', args: [42, 'Completed', { resultMessage: 'done' }] });
 * @throws {@link SqliteDriverMissingError} when better-sqlite3 is not installed.
 * @throws {@link OutboxFileError} naming the file when it is not an SQLite database (`corrupt`), is one but not
 *   an outbox (`foreign`, left untouched), is an outbox of a newer format (`version`), or cannot be opened.
 * @throws {@link ConfigError} for a limit out of range.
 * @throws {@link OutboxStorageError} when the file cannot be written (a full disk).
 */
export async function openOutbox(file: string, options: OpenOutboxOptions & { readonly importer?: SqliteModuleImporter } = {}): Promise<Outbox> {
  const limits = checkLimits(options.limits);
  const driver = await loadSqliteDriver(options.importer);
  const db = openFile(driver, file);
  try {
    prepareFile(db, file);
  } catch (error) {
    db.close();
    throw fileError(file, error);
  }
  const outbox = new SqliteOutbox(file, db, limits, options.now ?? Date.now);
  registerDeliveryQueue(outbox, outbox);
  return outbox;
}

function checkLimits(given: OpenOutboxOptions['limits']) {
  const parsed = outboxOptionsSchema.safeParse({ ...defaultOutboxOptions, ...given });
  if (parsed.success) return parsed.data;
  const [first, ...rest] = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const spec = (outboxKeys as Record<string, KeySpec | undefined>)[key];
    return { source: 'options', key: `Outbox.${spec?.name ?? key}`, value: (given as Record<string, unknown> | undefined)?.[key], allowed: spec?.allowed ?? issue.message };
  });
  throw new ConfigError(first === undefined ? [{ source: 'options', key: 'Outbox', value: given, allowed: 'the Outbox section' }] : [first, ...rest]);
}

function openFile(driver: SqliteDriver, file: string): Database {
  try {
    return new driver(file);
  } catch (error) {
    throw new OutboxFileError(file, 'unreadable', 'cannot be opened', { cause: error });
  }
}

/** Checks the file is an outbox (or empty) before anything is written to it, then sets it up. */
function prepareFile(db: Database, file: string): void {
  // The first read: a file that is not SQLite fails here (SQLITE_NOTADB), before any pragma could write to it.
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  const fresh = tables.length === 0;
  if (!fresh) checkMarker(db, file, tables);
  if (db.pragma('quick_check(1)', { simple: true }) !== 'ok') throw new OutboxFileError(file, 'corrupt', 'fails SQLite\'s integrity check');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  db.pragma('busy_timeout = 5000');
  if (fresh) {
    db.transaction(() => {
      db.exec(OUTBOX_SCHEMA);
      db.prepare('INSERT INTO outbox_format (name, version) VALUES (?, ?)').run(OUTBOX_FORMAT_NAME, OUTBOX_FORMAT_VERSION);
    })();
  }
}

function checkMarker(db: Database, file: string, tables: readonly string[]): void {
  if (!tables.includes('outbox_format')) {
    throw new OutboxFileError(file, 'foreign', `is an SQLite database but not an outbox (its tables: ${tables.slice(0, 5).join(', ')}); it was left untouched`);
  }
  const marker = db.prepare<[], { name: unknown; version: unknown }>('SELECT name, version FROM outbox_format').get();
  if (marker?.name !== OUTBOX_FORMAT_NAME) {
    throw new OutboxFileError(file, 'foreign', 'has an outbox_format table without the vcdevtool-connection outbox marker; it was left untouched');
  }
  if (typeof marker.version !== 'number' || marker.version > OUTBOX_FORMAT_VERSION) {
    throw new OutboxFileError(file, 'version', `is an outbox of format version ${String(marker.version)}; this library reads version ${OUTBOX_FORMAT_VERSION}`);
  }
}

function fileError(file: string, error: unknown): unknown {
  if (error instanceof OutboxFileError) return error;
  const code = sqliteCodeOf(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new OutboxFileError(file, 'corrupt', 'is not an SQLite database, or is damaged', { cause: error });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return new OutboxFileError(file, 'unreadable', 'cannot be opened', { cause: error });
  }
  return storageError(file, 'open', error, () => undefined);
}
