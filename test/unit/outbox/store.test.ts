import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConfigError } from '../../../src/errors/ConfigError.js';
import { isInvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import { isOutboxClosedError } from '../../../src/errors/OutboxClosedError.js';
import type { OutboxFileError } from '../../../src/errors/OutboxFileError.js';
import { isOutboxFileError } from '../../../src/errors/OutboxFileError.js';
import { isOutboxFullError, OutboxFullError } from '../../../src/errors/OutboxFullError.js';
import { isSqliteDriverMissingError } from '../../../src/errors/SqliteDriverMissingError.js';
import { deliveryQueueOf } from '../../../src/outbox/DeliveryQueue.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import type { Outbox } from '../../../src/outbox/types.js';

let dir: string;
let now: number;
const opened: Outbox[] = [];

async function open(file = path.join(dir, 'outbox.db'), limits = {}): Promise<Outbox> {
  const outbox = await openOutbox(file, { limits, now: () => now });
  opened.push(outbox);
  return outbox;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-store-'));
  now = Date.parse('2026-01-01T00:00:00Z');
});

afterEach(() => {
  for (const outbox of opened.splice(0)) outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openOutbox and enqueue', () => {
  it('keeps each entry with its own Idempotency-Key, per-entity order and the time it was queued', async () => {
    const outbox = await open();
    const a = await outbox.enqueue({ operation: 'updateTaskStatus', args: [7, 'Running'] });
    now += 1000;
    const b = await outbox.enqueue({ operation: 'updateTaskStatus', args: [7, 'Completed', { resultMessage: 'ok', idempotencyKey: 'caller-key' }] });
    const c = await outbox.enqueue({ operation: 'createTask', args: [{ name: 'render', type: 'HelloWorld' }] });
    expect([a.entity, a.entityOrder, b.entity, b.entityOrder, c.entity]).toEqual(['task:7', 1, 'task:7', 2, 'task:new:render']);
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
    expect(b.idempotencyKey).not.toBe('caller-key');
    // The caller's key is replaced by the entry's own; the rest of the options stays.
    expect(b.args).toEqual([7, 'Completed', { resultMessage: 'ok' }]);
    expect(b.enqueuedAt - a.enqueuedAt).toBe(1000);
    expect(outbox.list().map((entry) => entry.id)).toEqual([a.id, b.id, c.id]);
    expect(a).toMatchObject({ state: 'queued', attempts: 0, lastError: null });
  });

  it('stamps a debug message with the time it was queued, so a later delivery sends the same message', async () => {
    const outbox = await open();
    const entry = await outbox.enqueue({ operation: 'sendDebugMessage', args: ['worker', 'started', 'node-1'] });
    expect(entry.args).toEqual(['worker', 'started', 'node-1', '2026-01-01T00:00:00.000Z']);
    expect(entry.entity).toBe('node:node-1');
  });

  it('coalesces heartbeats: a new one of a node replaces a queued one, not another node\'s', async () => {
    const outbox = await open();
    await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n1'] });
    await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n2'] });
    const last = await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n1'] });
    expect(outbox.list().map((entry) => [entry.entity, entry.id])).toEqual([['heartbeat:n2', last.id - 1], ['heartbeat:n1', last.id]]);
  });

  it('refuses arguments the call would refuse, at enqueue', async () => {
    const outbox = await open();
    const error = await outbox.enqueue({ operation: 'updateTaskStatus', args: [-1, 'Completed'] }).catch((e: unknown) => e);
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(outbox.list()).toEqual([]);
  });

  it('survives a reopen with every entry, key and state', async () => {
    const file = path.join(dir, 'reopen.db');
    const first = await open(file);
    const entry = await first.enqueue({ operation: 'releaseFileLock', args: ['/a/b', 'n1'] });
    deliveryQueueOf(first)?.markInFlight(entry.id);
    first.close();
    const again = await open(file);
    expect(again.list()).toEqual([{ ...entry, state: 'inFlight', attempts: 1 }]);
  });

  it('throws OutboxClosedError after close', async () => {
    const outbox = await open();
    outbox.close();
    const error = await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n1'] }).catch((e: unknown) => e);
    expect(isOutboxClosedError(error)).toBe(true);
    expect(() => outbox.list()).toThrow(/closed/);
  });
});

describe('limits', () => {
  it('throws OutboxFullError naming MaxEntries and the figures, queuing nothing', async () => {
    const outbox = await open(undefined, { maxEntries: 2 });
    await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n1'] });
    await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n2'] });
    const error = await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n3'] }).catch((e: unknown) => e);
    expect(isOutboxFullError(error)).toBe(true);
    expect(error).toMatchObject({ limit: 'maxEntries', maximum: 2, entries: 2, code: 'ERR_OUTBOX_FULL' });
    expect((error as OutboxFullError).message).toContain('Outbox:MaxEntries is 2');
    expect(outbox.list()).toHaveLength(2);
    // A coalesced heartbeat replaces one, so it still fits.
    await expect(outbox.enqueue({ operation: 'sendHeartbeat', args: ['n1'] })).resolves.toMatchObject({ entity: 'heartbeat:n1' });
    // A dead letter queued again counts too, and stays a dead letter when it does not fit.
    const [first] = outbox.list();
    const dead = deliveryQueueOf(outbox)?.deadLetter(first?.id ?? -1, { reason: 'rejected', status: 400, answer: 'no' });
    await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n3'] });
    expect(() => outbox.retry(dead?.id ?? -1)).toThrow(OutboxFullError);
    expect(outbox.deadLetters()).toHaveLength(1);
  });

  it('throws OutboxFullError naming MaxBytes', async () => {
    const outbox = await open(undefined, { maxBytes: 1024 });
    const error = await outbox.enqueue({ operation: 'sendDebugMessage', args: ['s', 'x'.repeat(2000)] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ limit: 'maxBytes', maximum: 1024, entries: 0, bytes: 0 });
    expect((error as OutboxFullError).entryBytes).toBeGreaterThan(2000);
  });

  it('moves entries older than MaxAgeHours to the dead letters with reason expired', async () => {
    const outbox = await open(undefined, { maxAgeHours: 1 });
    const old = await outbox.enqueue({ operation: 'sendHeartbeat', args: ['old'] });
    now += 30 * 60_000;
    const young = await outbox.enqueue({ operation: 'sendHeartbeat', args: ['young'] });
    now += 31 * 60_000;
    const expired = outbox.expire();
    expect(expired.map((dead) => [dead.entry.id, dead.reason])).toEqual([[old.id, 'expired']]);
    expect(outbox.list().map((entry) => entry.id)).toEqual([young.id]);
    expect(outbox.deadLetters()[0]).toMatchObject({ reason: 'expired', status: null, entry: { idempotencyKey: old.idempotencyKey } });
    expect(outbox.stats()).toEqual({ pending: 1, deadLetters: 1, oldestEntryAgeSeconds: 31 * 60, bytes: young.bytes });
  });

  it('rejects a limit out of range with a ConfigError naming the key', async () => {
    const error = await openOutbox(path.join(dir, 'x.db'), { limits: { maxEntries: 0 } }).catch((e: unknown) => e);
    expect(isConfigError(error)).toBe(true);
    expect(String(error)).toContain('Outbox.MaxEntries');
  });
});

describe('dead letters: retry and drop', () => {
  it('retry queues a dead letter again with the same key at the end of its entity; drop deletes', async () => {
    const outbox = await open();
    const queue = deliveryQueueOf(outbox);
    const entry = await outbox.enqueue({ operation: 'updateTaskStatus', args: [1, 'Failed'] });
    const dead = queue?.deadLetter(entry.id, { reason: 'rejected', status: 400, answer: 'bad status' });
    expect(dead).toMatchObject({ reason: 'rejected', status: 400, answer: 'bad status', entry: { id: entry.id } });
    const again = outbox.retry(dead?.id ?? -1);
    expect(again).toMatchObject({ idempotencyKey: entry.idempotencyKey, entityOrder: 2, state: 'queued', entity: 'task:1' });
    expect(outbox.deadLetters()).toEqual([]);
    expect(outbox.retry(12345)).toBeNull();
    expect(outbox.drop(again?.id ?? -1)).toBe(true);
    expect(outbox.list()).toEqual([]);
  });

  it('does not drop an entry in flight', async () => {
    const outbox = await open();
    const entry = await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n'] });
    deliveryQueueOf(outbox)?.markInFlight(entry.id);
    expect(outbox.drop(entry.id)).toBe(false);
    expect(outbox.list()).toHaveLength(1);
  });
});

describe('files that are not outboxes', () => {
  it('names a corrupt (non-SQLite) file', async () => {
    const file = path.join(dir, 'garbage.db');
    writeFileSync(file, 'this is not a database, just some text that is long enough to have a header'.repeat(20));
    const error = await openOutbox(file).catch((e: unknown) => e);
    expect(isOutboxFileError(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'corrupt', file });
    expect((error as OutboxFileError).message).toContain(file);
  });

  it('names a foreign SQLite file and leaves it untouched (no WAL switched on)', async () => {
    const file = path.join(dir, 'foreign.db');
    const db = new Database(file);
    db.exec('CREATE TABLE tasks (id INTEGER PRIMARY KEY)');
    db.close();
    const error = await openOutbox(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ problem: 'foreign', file, code: 'ERR_OUTBOX_FILE' });
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('names an outbox of a newer format', async () => {
    const file = path.join(dir, 'newer.db');
    (await openOutbox(file)).close();
    const db = new Database(file);
    db.prepare('UPDATE outbox_format SET version = 99').run();
    db.close();
    await expect(openOutbox(file)).rejects.toMatchObject({ problem: 'version', file });
  });

  it('names a file in a folder that does not exist', async () => {
    const file = path.join(dir, 'missing', 'o.db');
    await expect(openOutbox(file)).rejects.toMatchObject({ problem: 'unreadable', file });
  });

  it('says better-sqlite3 is missing with the typed error', async () => {
    const error = await openOutbox(path.join(dir, 'x.db'), { importer: () => Promise.reject(new Error('Cannot find package')) }).catch((e: unknown) => e);
    expect(isSqliteDriverMissingError(error)).toBe(true);
  });
});
