import { loadSqliteDriver } from '../../sqlite/loadSqliteDriver.js';
import type { OutboxFileRecord } from './offlineAudit.js';

/** What an outbox file holds, read from the file: the audit's figures, and the results among its pending entries. */
export interface OutboxFileFigures extends OutboxFileRecord {
  /** Pending `updateTaskStatus` entries: results a worker has not delivered. */
  readonly pendingResults: number;
}

// Heartbeats are coalesced (a newer one deletes a queued older one, which is then neither pending nor delivered),
// so their entity (`node:<id>`) is left out of the figures: every other entry is queued once and either delivered,
// pending or dead-lettered.
const HEARTBEATS = "entity LIKE 'node:%'";

/**
 * Reads an outbox file's figures with SQL, once no process has it open (its owner stopped, or was killed): entries
 * ever queued (the sum of each entity's last order, which outlives its entries), pending entries (queued or in
 * flight), dead letters; delivered is what is left. Heartbeats are not counted, a pending one excepted.
 * @throws {@link SqliteDriverMissingError} when better-sqlite3 is not installed; the driver's error for a file
 * that is not an outbox.
 */
export async function readOutboxFile(owner: string, file: string): Promise<OutboxFileFigures> {
  const Driver = await loadSqliteDriver();
  const db = new Driver(file, { fileMustExist: true });
  try {
    const count = (sql: string): number => db.prepare<[], { n: number | null }>(sql).get()?.n ?? 0;
    const queued = count(`SELECT sum(last_order) AS n FROM entity_orders WHERE NOT ${HEARTBEATS}`);
    const pending = count('SELECT count(*) AS n FROM entries');
    const pendingCounted = count(`SELECT count(*) AS n FROM entries WHERE NOT ${HEARTBEATS}`);
    const deadLettered = count('SELECT count(*) AS n FROM dead_letter');
    const deadCounted = count(`SELECT count(*) AS n FROM dead_letter WHERE NOT ${HEARTBEATS}`);
    const pendingResults = count("SELECT count(*) AS n FROM entries WHERE operation = 'updateTaskStatus'");
    return { owner, file, queued, delivered: queued - pendingCounted - deadCounted, pending, deadLettered, pendingResults };
  } finally {
    db.close();
  }
}
