import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxFileError } from '../../../src/errors/OutboxFileError.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import { runCliProcess } from '../../helpers/cliProcess.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-outbox-file-'));
  dirs.push(dir);
  return dir;
}

const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The OutboxFileError `open` rejects with (the test fails when it resolves or rejects with anything else). */
async function fileErrorOf(file: string): Promise<OutboxFileError> {
  const error: unknown = await openOutbox(file).then((outbox) => {
    outbox.close();
    return new Error(`openOutbox(${file}) resolved`);
  }, (rejected: unknown) => rejected);
  expect(error).toBeInstanceOf(OutboxFileError);
  return error as OutboxFileError;
}

/** A real outbox file holding `count` entries, closed. */
async function outboxWith(file: string, count: number): Promise<void> {
  const outbox = await openOutbox(file);
  for (let i = 0; i < count; i += 1) {
    await outbox.enqueue({ operation: 'createTask', args: [{ name: `bad-file-${i}`, type: 'HelloWorld' }] });
  }
  outbox.close();
}

describe('fault: an outbox file that is not an outbox', () => {
  it('a file of random bytes: OutboxFileError (corrupt) naming the file; the file is left as it was', async () => {
    const file = join(scratch(), 'outbox.db');
    writeFileSync(file, createHash('sha512').update('not sqlite').digest().toString('hex').repeat(200));
    const before = digest(file);
    const error = await fileErrorOf(file);
    expect(error).toMatchObject({ code: 'ERR_OUTBOX_FILE', file, problem: 'corrupt' });
    expect(error.message).toContain(file);
    expect(digest(file)).toBe(before);
  });

  it('a real outbox cut in half (a torn copy): OutboxFileError (corrupt) naming the file', async () => {
    const file = join(scratch(), 'outbox.db');
    await outboxWith(file, 200);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const error = await fileErrorOf(file);
    expect(error).toMatchObject({ file, problem: 'corrupt' });
    expect(error.message).toContain(file);
  });

  it('another application\'s SQLite database: OutboxFileError (foreign) naming the file; not one byte changed', async () => {
    const file = join(scratch(), 'app.db');
    const db = new Database(file);
    db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5), (99);");
    db.close();
    const before = digest(file);
    const error = await fileErrorOf(file);
    expect(error).toMatchObject({ code: 'ERR_OUTBOX_FILE', file, problem: 'foreign' });
    expect(error.message).toContain(file);
    expect(digest(file)).toBe(before);
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM invoices').get()).toEqual({ n: 2 });
    expect(reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()).toEqual([{ name: 'invoices' }]);
    reopened.close();
  });

  it('the CLI on each: exit 1, the typed error naming the file on stderr, nothing on stdout', async () => {
    const dir = scratch();
    const corrupt = join(dir, 'corrupt.db');
    writeFileSync(corrupt, 'SQLite format 3\0'.padEnd(4096, 'x'));
    const foreign = join(dir, 'foreign.db');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const missing = join(dir, 'missing.db');
    for (const [file, problem] of [[corrupt, /corrupt|not an SQLite|not a database/i], [foreign, /not an outbox|foreign/i], [missing, /no such file/]] as const) {
      const run = await runCliProcess(['outbox', 'list', file]);
      expect(run.stdout, file).toBe('');
      expect(run.stderr, file).toContain(file);
      expect(run.stderr, file).toMatch(problem);
      expect(run.code, file).toBe(1);
    }
    // The CLI never creates an outbox where none was.
    expect(() => statSync(missing)).toThrow(/ENOENT/);
  });
});
