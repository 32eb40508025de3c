import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultOutboxOptions } from '../../../src/config/defaults.js';
import { isOutboxStorageError } from '../../../src/errors/OutboxStorageError.js';
import { registerDeliveryQueue } from '../../../src/outbox/DeliveryQueue.js';
import { OfflineClient } from '../../../src/outbox/OfflineClient.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import { SqliteOutbox } from '../../../src/outbox/SqliteOutbox.js';
import type { OutboxEntry } from '../../../src/outbox/types.js';
import { ScriptedClient } from './support/scriptedClient.js';

let dir: string;
let file: string;
let db: Database.Database;
let outbox: SqliteOutbox;

// A full disk without a small filesystem: SQLite's max_page_count makes every write that would grow the file
// fail with SQLITE_FULL, exactly as ENOSPC does; raising it again is the space being freed.
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-full-'));
  file = path.join(dir, 'outbox.db');
  (await openOutbox(file)).close();
  db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  outbox = new SqliteOutbox(file, db, defaultOutboxOptions, Date.now);
  registerDeliveryQueue(outbox, outbox);
});

afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function fillUp(): Promise<{ queued: OutboxEntry[]; error: unknown }> {
  db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true })) + 2}`);
  const queued: OutboxEntry[] = [];
  for (let i = 0; i < 1000; i += 1) {
    try {
      queued.push(await outbox.enqueue({ operation: 'sendDebugMessage', args: ['filler', `${i} ${'x'.repeat(400)}`] }));
    } catch (error) {
      return { queued, error };
    }
  }
  throw new Error('the outbox never filled up');
}

describe('a full disk', () => {
  it('fails enqueue with OutboxStorageError naming the file and SQLITE_FULL, losing nothing already queued', async () => {
    const { queued, error } = await fillUp();
    expect(isOutboxStorageError(error)).toBe(true);
    expect(error).toMatchObject({ sqliteCode: 'SQLITE_FULL', action: 'enqueue', file, code: 'ERR_OUTBOX_STORAGE' });
    expect(String(error)).toContain(file);
    expect(queued.length).toBeGreaterThan(0);
    expect(outbox.list().map((entry) => entry.id)).toEqual(queued.map((entry) => entry.id));
  });

  it('works again once space is freed: enqueue, and complete, which kept failing when the WAL stayed full', async () => {
    const { queued } = await fillUp();
    db.pragma('max_page_count = 1000000');
    const after = await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n1'] });
    for (const entry of [...queued, after]) outbox.complete(entry.id);
    expect(outbox.list()).toEqual([]);
    // The WAL was truncated at the checkpoint after SQLITE_FULL (journal_size_limit bounds it afterwards).
    expect(db.pragma('wal_checkpoint(TRUNCATE)', { simple: true })).toBe(0);
  });

  it('blocks the OfflineClient\'s machine, which drains again on RETRY once space is freed', async () => {
    const scripted = new ScriptedClient();
    scripted.answer = () => ({ value: true });
    const connection = { client: scripted.client, isUp: () => true, onChange: () => () => undefined, on: () => () => undefined };
    const offline = new OfflineClient({ connection, outbox, storageRetryDelayMs: 60_000 });
    const { queued } = await fillUp();
    const error = await offline.enqueue({ operation: 'sendDebugMessage', args: ['filler', 'y'.repeat(4000)] }).catch((e: unknown) => e);
    expect(isOutboxStorageError(error)).toBe(true);
    expect(offline.actor.getSnapshot().value).toBe('blocked');
    db.pragma('max_page_count = 1000000');
    offline.actor.send({ type: 'RETRY' });
    await offline.drained();
    expect(scripted.calls.filter((call) => call.method === 'sendDebugMessage')).toHaveLength(queued.length);
    await offline.close();
  });
});
