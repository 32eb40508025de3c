import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openOutbox } from '../../../src/outbox/openOutbox.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const child = fileURLToPath(new URL('./support/enqueueChild.ts', import.meta.url));
const run = promisify(execFile);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('outbox durability', () => {
  it('every entry whose enqueue resolved is in the file after the process is killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-outbox-kill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'outbox.db');
    const host = spawn(process.execPath, ['--import', 'tsx', child, file, '200'], { cwd: repoRoot, stdio: 'pipe' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => host.once('exit', (_code, signal) => resolve(signal)));
    cleanups.push(async () => {
      if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
      await exited;
    });
    let out = '';
    let err = '';
    host.stderr.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
    // Killed in the middle of its run, right after its 50th report: event-driven, no sleep.
    await new Promise<void>((resolve, reject) => {
      host.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if ((out.match(/^enqueued /gm) ?? []).length >= 50 && host.signalCode === null) {
          host.kill('SIGKILL');
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`the host exited before 50 entries:\n${out}\n${err}`)));
    });
    expect(await exited).toBe('SIGKILL');

    const reported = [...out.matchAll(/^enqueued (\d+) (\S+)$/gm)].map((match) => ({ id: Number(match[1]), idempotencyKey: match[2] }));
    const outbox = await openOutbox(file);
    cleanups.push(() => outbox.close());
    const found = outbox.list();
    // Everything reported is there with its key; at most the one being written when the kill came is extra.
    expect(found.slice(0, reported.length).map((entry) => ({ id: entry.id, idempotencyKey: entry.idempotencyKey }))).toEqual(reported);
    expect(found.length - reported.length).toBeLessThanOrEqual(1);
    expect(found.every((entry) => entry.state === 'queued')).toBe(true);
  });
});

// Loaded in a fresh process: the test runner itself has better-sqlite3 loaded by other tests.
const lazyScript = `
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('better-sqlite3'));
const library = await import('./src/index.ts');
const afterImport = loaded();
const outbox = await library.openOutbox(join(mkdtempSync(join(tmpdir(), 'lazy-')), 'o.db'));
const afterOpen = loaded();
outbox.close();
console.log(JSON.stringify({ afterImport, afterOpen }));
`;

describe('loading better-sqlite3 for the outbox', () => {
  it('happens when an outbox is opened, not when the library is imported', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', lazyScript], { cwd: repoRoot });
    expect(JSON.parse(stdout)).toEqual({ afterImport: false, afterOpen: true });
  });
});
