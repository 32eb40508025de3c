import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import type { DeadLetter, OutboxEntry, OutboxStats } from '../../../src/outbox/index.js';
import { runCliProcess } from '../../helpers/cliProcess.js';
import { vcconn } from './support.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const HOUR = 3_600_000;

/**
 * An outbox file holding three pending entries (two of task 7, one createTask) and two dead letters (entries that
 * expired: queued at t0, expired two hours later with MaxAgeHours 1), closed.
 */
async function preparedOutbox(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-cli-outbox-'));
  dirs.push(dir);
  const file = join(dir, 'outbox.db');
  let now = Date.now() - 3 * HOUR;
  const outbox = await openOutbox(file, { now: () => now, limits: { maxAgeHours: 1 } });
  await outbox.enqueue({ operation: 'updateTaskStatus', args: [41, 'Completed', { resultMessage: 'expired one' }] });
  await outbox.enqueue({ operation: 'sendDebugMessage', args: ['node-a', 'expired two'] });
  now += 2 * HOUR;
  expect(outbox.expire()).toHaveLength(2);
  await outbox.enqueue({ operation: 'updateTaskStatus', args: [7, 'Running'] });
  await outbox.enqueue({ operation: 'updateTaskStatus', args: [7, 'Completed', { resultMessage: 'done' }] });
  await outbox.enqueue({ operation: 'createTask', args: [{ name: 'cli-new', type: 'HelloWorld' }] });
  outbox.close();
  return file;
}

interface ListJson {
  file: string;
  stats: OutboxStats;
  entries?: OutboxEntry[];
  deadLetters?: DeadLetter[];
}

/** `vcconn outbox list <file> --json`, run in this process (the same program; a child process costs seconds). */
async function listJson(file: string, ...flags: string[]): Promise<ListJson> {
  const run = await vcconn('outbox', 'list', file, '--json', ...flags);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ListJson;
}

describe('vcconn outbox (the real CLI in a child process)', () => {
  it('list prints the figures and the pending entries in delivery order; --dead the dead letters with their reason', async () => {
    const file = await preparedOutbox();
    const pending = await runCliProcess(['outbox', 'list', file]);
    expect(pending.stderr).toBe('');
    expect(pending.code).toBe(0);
    const lines = pending.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^outbox ${file}: 3 pending \\(\\d+ bytes\\), oldest \\d+ min old, 2 dead letter\\(s\\)$`));
    expect(lines.slice(1).map((line) => line.split('  ').slice(3, 5).join(' '))).toEqual([
      'updateTaskStatus queued', 'updateTaskStatus queued', 'createTask queued',
    ]);
    expect(lines[1]).toContain('task:7');
    const dead = await runCliProcess(['outbox', 'list', file, '--dead']);
    expect(dead.code).toBe(0);
    expect(dead.stdout).toMatch(/#\d+ {2}task:41 {2}updateTaskStatus {2}expired/);
    expect(dead.stdout).toMatch(/sendDebugMessage {2}expired/);
  });

  it('list --json is one JSON object with the stats and the entries (or the dead letters)', async () => {
    const file = await preparedOutbox();
    const child = await runCliProcess(['outbox', 'list', file, '--json']);
    expect(child.code).toBe(0);
    expect(child.stdout.trimEnd().split('\n')).toHaveLength(1);
    const pending = JSON.parse(child.stdout) as ListJson;
    expect(pending.file).toBe(file);
    expect(pending.stats).toMatchObject({ pending: 3, deadLetters: 2 });
    expect(pending.entries?.map((entry) => [entry.operation, entry.args[0]])).toEqual([
      ['updateTaskStatus', 7], ['updateTaskStatus', 7], ['createTask', { name: 'cli-new', type: 'HelloWorld' }],
    ]);
    const dead = await listJson(file, '--dead');
    expect(dead.deadLetters?.map((letter) => [letter.reason, letter.entry.operation])).toEqual([
      ['expired', 'updateTaskStatus'], ['expired', 'sendDebugMessage'],
    ]);
  });

  it('retry <id> queues that dead letter again with its Idempotency-Key; retry without id queues every one', async () => {
    const file = await preparedOutbox();
    const [first, second] = (await listJson(file, '--dead')).deadLetters ?? [];
    const one = await runCliProcess(['outbox', 'retry', file, String(first!.id)]);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`queued dead letter #${first!.id} \\(task:41 updateTaskStatus\\) again as entry #\\d+\\n1 dead letter\\(s\\) queued again`));
    let now = await listJson(file);
    expect(now.stats).toMatchObject({ pending: 4, deadLetters: 1 });
    expect(now.entries?.at(-1)).toMatchObject({ operation: 'updateTaskStatus', idempotencyKey: first!.entry.idempotencyKey, entity: 'task:41' });
    const all = await runCliProcess(['outbox', 'retry', file]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`queued dead letter #${second!.id}`);
    now = await listJson(file);
    expect(now.stats).toMatchObject({ pending: 5, deadLetters: 0 });
  });

  it('drop <id> deletes one pending entry and prints it; drop --dead --all every dead letter', async () => {
    const file = await preparedOutbox();
    const entries = (await listJson(file)).entries ?? [];
    const created = entries.find((entry) => entry.operation === 'createTask')!;
    const one = await runCliProcess(['outbox', 'drop', file, String(created.id)]);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(`dropped entry #${created.id}: ${created.entity} createTask (Idempotency-Key ${created.idempotencyKey})\n1 pending entry(ies) dropped\n`);
    const all = await runCliProcess(['outbox', 'drop', file, '--dead', '--all']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/2 dead letter\(s\) dropped\n$/);
    expect((await listJson(file)).stats).toMatchObject({ pending: 2, deadLetters: 0 });
  });

  it('an id the file does not hold: exit 1, a typed error naming the file and the id, nothing changed', async () => {
    const file = await preparedOutbox();
    const run = await runCliProcess(['outbox', 'drop', file, '999']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`vcconn: outbox ${file}: pending entry #999 is not in the file; nothing was changed\n`);
    expect((await listJson(file)).stats).toMatchObject({ pending: 3, deadLetters: 2 });
  });

  it('usage errors exit 2: a bad id, drop with neither id nor --all, a missing argument', async () => {
    const file = await preparedOutbox();
    for (const args of [['outbox', 'retry', file, 'abc'], ['outbox', 'drop', file, '0'], ['outbox', 'drop', file], ['outbox', 'list']]) {
      const run = await vcconn(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr, args.join(' ')).not.toBe('');
    }
    expect((await vcconn('outbox', 'drop', file)).stderr).toContain('name one id, or pass --all');
    expect((await vcconn('outbox', 'retry', file, 'abc')).stderr).toContain('An id is a positive integer');
    expect((await listJson(file)).stats).toMatchObject({ pending: 3, deadLetters: 2 });
  });

  it('a missing file: exit 1 with OutboxFileError naming it, and no file created; a file that is no outbox, or empty: exit 1 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-cli-outbox-'));
    dirs.push(dir);
    const missing = join(dir, 'nope.db');
    const run = await vcconn('outbox', 'list', missing);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`vcconn: outbox file ${missing}: no such file (vcconn outbox never creates one; name the file the host was given)\n`);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello, this is not a database\n'.repeat(100));
    const bad = await vcconn('outbox', 'retry', text);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`outbox file ${text}`);
    // An empty file stays empty: opening it would have made it an outbox.
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const none = await vcconn('outbox', 'list', empty);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`vcconn: outbox file ${empty}: is empty: not an outbox (vcconn outbox never creates one)\n`);
    expect(readFileSync(empty, 'utf8')).toBe('');
  });
});
