import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { OutboxOptions } from '../config/types.js';
import { OutboxClosedError } from '../errors/OutboxClosedError.js';
import { OutboxFullError } from '../errors/OutboxFullError.js';
import { redactKnownSecrets } from '../util/redact/secretValues.js';
import type { DeadLetterVerdict, DeliveryQueue, DrainHead } from './DeliveryQueue.js';
import { callArgs, checkArgs, defaultEntity, storedArgs } from './entryArgs.js';
import { deadLetterOf, entryOf } from './rows.js';
import type { DeadLetterRow, EntryRow } from './schema.js';
import { storageError } from './storageFailure.js';
import type { DeadLetter, Outbox, OutboxEntry, OutboxOperation, OutboxStats } from './types.js';

type Database = BetterSqlite3.Database;

const HOUR_MS = 3_600_000;

/**
 * The outbox on one open SQLite file (see `openOutbox`, which checks the file and sets WAL and
 * `synchronous=FULL`). Every write is one transaction: committed (fsynced) before the method returns, rolled back
 * whole when it fails, so a failure never loses or half-writes an entry.
 */
export class SqliteOutbox implements Outbox, DeliveryQueue {
  private closed = false;
  private checkpointOwed = false;
  private readonly statements;

  constructor(
    readonly file: string,
    private readonly db: Database,
    private readonly limits: OutboxOptions,
    private readonly now: () => number,
  ) {
    this.statements = {
      totals: db.prepare<[], { entries: number; bytes: number }>('SELECT count(*) AS entries, coalesce(sum(bytes), 0) AS bytes FROM entries'),
      nextOrder: db.prepare<[string], { last_order: number }>('SELECT last_order FROM entity_orders WHERE entity = ?'),
      setOrder: db.prepare('INSERT INTO entity_orders (entity, last_order) VALUES (?, ?) ON CONFLICT (entity) DO UPDATE SET last_order = excluded.last_order'),
      insert: db.prepare<[string, number, string, string, string, number, number]>(
        "INSERT INTO entries (entity, entity_order, operation, payload, idempotency_key, enqueued_at, state, bytes) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)",
      ),
      get: db.prepare<[number], EntryRow>('SELECT * FROM entries WHERE id = ?'),
      list: db.prepare<[], EntryRow>('SELECT * FROM entries ORDER BY id'),
      coalesce: db.prepare<[string]>("DELETE FROM entries WHERE entity = ? AND operation = 'sendHeartbeat' AND state = 'queued'"),
      heads: db.prepare<[], EntryRow>('SELECT * FROM entries WHERE id IN (SELECT min(id) FROM entries GROUP BY entity) ORDER BY id'),
      markInFlight: db.prepare<[number]>("UPDATE entries SET state = 'inFlight', attempts = attempts + 1 WHERE id = ?"),
      delete: db.prepare<[number]>('DELETE FROM entries WHERE id = ?'),
      release: db.prepare<[string, string, number]>('UPDATE entries SET state = ?, last_error = ? WHERE id = ?'),
      insertDead: db.prepare<[string, number | null, string, number, number]>(
        `INSERT INTO dead_letter (entry_id, entity, entity_order, operation, payload, idempotency_key, enqueued_at, attempts, last_error, bytes, reason, status, answer, at)
         SELECT id, entity, entity_order, operation, payload, idempotency_key, enqueued_at, attempts, last_error, bytes, ?, ?, ?, ? FROM entries WHERE id = ?`,
      ),
      getDead: db.prepare<[number], DeadLetterRow>('SELECT * FROM dead_letter WHERE id = ?'),
      listDead: db.prepare<[], DeadLetterRow>('SELECT * FROM dead_letter ORDER BY id'),
      deleteDead: db.prepare<[number]>('DELETE FROM dead_letter WHERE id = ?'),
      countDead: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dead_letter'),
      hasEntity: db.prepare<[string], number>('SELECT 1 FROM entries WHERE entity = ? LIMIT 1').pluck(),
      oldest: db.prepare<[], { at: number | null }>('SELECT min(enqueued_at) AS at FROM entries'),
      expired: db.prepare<[number], { id: number }>('SELECT id FROM entries WHERE enqueued_at < ? ORDER BY id'),
    };
  }

  enqueue(operation: OutboxOperation): Promise<OutboxEntry> {
    try {
      return Promise.resolve(this.add(operation));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private add(operation: OutboxOperation): OutboxEntry {
    this.checkOpen('enqueue');
    const at = this.now();
    const key = randomUUID();
    const args = storedArgs(operation, at);
    // Checked as delivery will build the call, from what is stored: a bad argument fails now, not hours later.
    checkArgs(operation.operation, callArgs(operation.operation, args, key));
    const payload = JSON.stringify(args);
    const bytes = Buffer.byteLength(payload);
    const entity = operation.entity ?? defaultEntity(operation);
    return this.write('enqueue', () => {
      // A newer heartbeat of a node says all an older queued one would: the older goes (never one in flight).
      if (operation.operation === 'sendHeartbeat') this.statements.coalesce.run(entity);
      this.checkRoom(bytes);
      const order = (this.statements.nextOrder.get(entity)?.last_order ?? 0) + 1;
      this.statements.setOrder.run(entity, order);
      const { lastInsertRowid } = this.statements.insert.run(entity, order, operation.operation, payload, key, at, bytes);
      return this.entry(Number(lastInsertRowid));
    });
  }

  list(): OutboxEntry[] {
    this.checkOpen('list');
    return this.read('list', () => this.statements.list.all().map(entryOf));
  }

  deadLetters(): DeadLetter[] {
    this.checkOpen('deadLetters');
    return this.read('deadLetters', () => this.statements.listDead.all().map(deadLetterOf));
  }

  retry(deadLetterId: number): OutboxEntry | null {
    this.checkOpen('retry');
    return this.write('retry', () => {
      const row = this.statements.getDead.get(deadLetterId);
      if (row === undefined) return null;
      this.checkRoom(row.bytes);
      const order = (this.statements.nextOrder.get(row.entity)?.last_order ?? 0) + 1;
      this.statements.setOrder.run(row.entity, order);
      this.statements.deleteDead.run(deadLetterId);
      // The same key: a server that honours it answers a repeat of a write it applied with its first answer.
      const { lastInsertRowid } = this.statements.insert.run(
        row.entity, order, row.operation, row.payload, row.idempotency_key, this.now(), row.bytes,
      );
      return this.entry(Number(lastInsertRowid));
    });
  }

  drop(id: number, options: { readonly deadLetter?: boolean } = {}): boolean {
    this.checkOpen('drop');
    return this.write('drop', () => {
      if (options.deadLetter === true) return this.statements.deleteDead.run(id).changes > 0;
      // An entry in flight may be on the wire right now; dropping it would not unsend it.
      const row = this.statements.get.get(id);
      if (row === undefined || row.state === 'inFlight') return false;
      return this.statements.delete.run(id).changes > 0;
    });
  }

  expire(): DeadLetter[] {
    this.checkOpen('expire');
    const at = this.now();
    const before = at - this.limits.maxAgeHours * HOUR_MS;
    return this.write('expire', () => this.statements.expired.all(before).map(({ id }) => this.moveToDeadLetters(id, {
      reason: 'expired', status: null, answer: `older than Outbox:MaxAgeHours (${this.limits.maxAgeHours} h)`,
    }, at)));
  }

  stats(): OutboxStats {
    this.checkOpen('stats');
    return this.read('stats', () => {
      const totals = this.statements.totals.get() ?? { entries: 0, bytes: 0 };
      const oldest = this.statements.oldest.get()?.at ?? null;
      return {
        pending: totals.entries,
        deadLetters: this.statements.countDead.get()?.n ?? 0,
        oldestEntryAgeSeconds: oldest === null ? 0 : Math.max(0, (this.now() - oldest) / 1000),
        bytes: totals.bytes,
      };
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Closing still releases the file; the WAL is replayed at the next open.
    }
    this.db.close();
  }

  // The delivery side (DeliveryQueue).

  heads(busy: ReadonlySet<string>, limit: number): OutboxEntry[] {
    this.checkOpen('heads');
    return this.read('heads', () => {
      const heads: OutboxEntry[] = [];
      for (const row of this.statements.heads.iterate()) {
        if (heads.length >= limit) break;
        if (!busy.has(row.entity)) heads.push(entryOf(row));
      }
      return heads;
    });
  }

  markInFlight(id: number): OutboxEntry {
    this.checkOpen('markInFlight');
    return this.write('markInFlight', () => {
      this.statements.markInFlight.run(id);
      return this.entry(id);
    });
  }

  advance(delivered: readonly number[], busy: ReadonlySet<string>, limit: number): DrainHead[] {
    this.checkOpen('advance');
    return this.write('advance', () => {
      for (const id of delivered) this.statements.delete.run(id);
      if (limit <= 0) return [];
      const heads: DrainHead[] = [];
      // `all()`, not `iterate()`: the rows are updated while walked.
      for (const row of this.statements.heads.all()) {
        if (heads.length >= limit) break;
        if (busy.has(row.entity)) continue;
        if (row.state !== 'queued') {
          heads.push({ entry: entryOf(row), marked: false });
          continue;
        }
        this.statements.markInFlight.run(row.id);
        heads.push({ entry: this.entry(row.id), marked: true });
      }
      return heads;
    });
  }

  complete(id: number): void {
    this.checkOpen('complete');
    this.write('complete', () => this.statements.delete.run(id));
  }

  release(id: number, error: string, neverSent: boolean): void {
    this.checkOpen('release');
    this.write('release', () => this.statements.release.run(neverSent ? 'queued' : 'inFlight', redactKnownSecrets(error), id));
  }

  deadLetter(id: number, verdict: DeadLetterVerdict): DeadLetter {
    this.checkOpen('deadLetter');
    return this.write('deadLetter', () => this.moveToDeadLetters(id, verdict, this.now()));
  }

  pendingCount(): number {
    this.checkOpen('pendingCount');
    return this.read('pendingCount', () => this.statements.totals.get()?.entries ?? 0);
  }

  hasEntity(entity: string): boolean {
    this.checkOpen('hasEntity');
    return this.read('hasEntity', () => this.statements.hasEntity.get(entity) !== undefined);
  }

  private moveToDeadLetters(id: number, verdict: DeadLetterVerdict, at: number): DeadLetter {
    const { lastInsertRowid } = this.statements.insertDead.run(verdict.reason, verdict.status, redactKnownSecrets(verdict.answer), at, id);
    this.statements.delete.run(id);
    const row = this.statements.getDead.get(Number(lastInsertRowid));
    if (row === undefined) throw new Error(`outbox ${this.file}: entry ${id} is not pending`);
    return deadLetterOf(row);
  }

  /** Throws OutboxFullError when one more entry of `bytes` would pass a limit. */
  private checkRoom(bytes: number): void {
    const totals = this.statements.totals.get() ?? { entries: 0, bytes: 0 };
    const figures = { entries: totals.entries, bytes: totals.bytes, entryBytes: bytes };
    if (totals.entries + 1 > this.limits.maxEntries) {
      throw new OutboxFullError(this.file, 'maxEntries', { maximum: this.limits.maxEntries, ...figures });
    }
    if (totals.bytes + bytes > this.limits.maxBytes) {
      throw new OutboxFullError(this.file, 'maxBytes', { maximum: this.limits.maxBytes, ...figures });
    }
  }

  private entry(id: number): OutboxEntry {
    const row = this.statements.get.get(id);
    if (row === undefined) throw new Error(`outbox ${this.file}: entry ${id} is not pending`);
    return entryOf(row);
  }

  private checkOpen(action: string): void {
    if (this.closed) throw new OutboxClosedError(this.file, action);
  }

  /**
   * Runs `work` in one transaction; a storage failure becomes an OutboxStorageError. After a full disk the WAL must
   * be checkpointed into the database file and truncated, or it keeps every later write failing once space is freed
   * (SQLite's own checkpoint waits for a WAL far larger than a small disk). That checkpoint needs space itself, so
   * it is owed until it succeeds: tried at the failure and again before each later write.
   */
  private write<T>(action: string, work: () => T): T {
    this.payCheckpoint();
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      throw storageError(this.file, action, error, () => {
        this.checkpointOwed = true;
        this.payCheckpoint();
      });
    }
  }

  private payCheckpoint(): void {
    if (!this.checkpointOwed) return;
    try {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy?: number }[];
      if (result?.busy === 0) this.checkpointOwed = false;
    } catch {
      // Still no space: owed until a later write finds some.
    }
  }

  private read<T>(action: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storageError(this.file, action, error, () => undefined);
    }
  }
}
