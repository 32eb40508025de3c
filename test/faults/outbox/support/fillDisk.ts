/**
 * The host process of the full-disk fault, run inside a mount namespace whose `<dir>` is a 1 MiB tmpfs:
 *
 * - `fill <dir>`: takes 256 KiB with a ballast file, opens `<dir>/outbox.db` and enqueues entries (2 KiB each)
 *   until `enqueue` rejects; checks the outbox still lists every entry it accepted; deletes the ballast and
 *   enqueues 20 more (the outbox must work again once space frees, without a reopen); then kills itself with
 *   SIGKILL, as a crashing host, without closing the file.
 * - `count <dir>`: reopens the file and reports the names it lists, in order, then closes it.
 *
 * Each prints one JSON line on stdout; the test checks them.
 */
import { existsSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openOutbox } from '../../../../src/outbox/openOutbox.js';

const [mode, dir] = process.argv.slice(2);
if (dir === undefined || (mode !== 'fill' && mode !== 'count')) throw new Error('usage: fillDisk.ts fill|count <dir>');
const file = join(dir, 'outbox.db');
const ballast = join(dir, 'ballast');
const padding = 'x'.repeat(2048);
const AFTER_FREEING = 20;

function errorFacts(error: unknown): Record<string, unknown> {
  const { name, message, code, sqliteCode, limit } = error as { name?: string; message?: string; code?: string; sqliteCode?: string; limit?: string };
  return { name, message, code, sqliteCode, limit };
}

/** Bytes of the outbox's database file and of its write-ahead log now. */
const sizes = (): { db: number; wal: number } => ({
  db: statSync(file).size,
  wal: existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0,
});

const freeBytes = (): number => {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
};

async function fill(): Promise<void> {
  writeFileSync(ballast, Buffer.alloc(256 * 1024, 1));
  const outbox = await openOutbox(file);
  let queued = 0;
  let failure: unknown;
  // Bounded only so a bug cannot loop forever: 1 MiB holds a few hundred 2 KiB entries.
  while (queued < 5000) {
    try {
      await outbox.enqueue({ operation: 'createTask', args: [{ name: `disk-${queued}`, type: 'HelloWorld', parameters: padding }] });
      queued += 1;
    } catch (error) {
      failure = error;
      break;
    }
  }
  const listedWhenFull = outbox.list().length;
  const freeWhenFull = freeBytes();
  const sizesWhenFull = sizes();
  rmSync(ballast);
  let afterFreeing = 0;
  const afterFreeingErrors: Record<string, unknown>[] = [];
  for (let i = 0; i < AFTER_FREEING; i += 1) {
    try {
      await outbox.enqueue({ operation: 'createTask', args: [{ name: `disk-${queued + i}`, type: 'HelloWorld', parameters: padding }] });
      afterFreeing += 1;
    } catch (error) {
      afterFreeingErrors.push(errorFacts(error));
    }
  }
  process.stdout.write(`${JSON.stringify({
    mode, queued, failure: failure === undefined ? null : errorFacts(failure), listedWhenFull, freeWhenFull, sizesWhenFull, afterFreeing,
    afterFreeingErrors, listedAtEnd: outbox.list().length, sizesAtEnd: sizes(), freeAtEnd: freeBytes(),
  })}\n`, () => process.kill(process.pid, 'SIGKILL'));
}

async function count(): Promise<void> {
  const outbox = await openOutbox(file);
  const names = outbox.list().map((entry) => (entry.args[0] as { name: string }).name);
  const stats = outbox.stats();
  outbox.close();
  process.stdout.write(`${JSON.stringify({ mode, names, stats })}\n`);
}

await (mode === 'fill' ? fill() : count());
