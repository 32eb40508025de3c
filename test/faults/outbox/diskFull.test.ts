import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./support/fillDisk.ts', import.meta.url));
const repo = fileURLToPath(new URL('../../../', import.meta.url));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface ErrorFacts { name?: string; message?: string; code?: string; sqliteCode?: string }
interface FillReport {
  queued: number;
  sizesWhenFull: { db: number; wal: number };
  sizesAtEnd: { db: number; wal: number };
  failure: ErrorFacts | null;
  listedWhenFull: number;
  freeWhenFull: number;
  afterFreeing: number;
  afterFreeingErrors: ErrorFacts[];
  listedAtEnd: number;
}
interface CountReport { names: string[]; stats: { pending: number } }

/**
 * Runs the two host processes inside a new mount namespace (`unshare -m`) whose `dir` is a 1 MiB tmpfs: the
 * mount is gone with the namespace, and the rest of the machine never sees it. Resolves with what each printed.
 */
function inSmallTmpfs(dir: string): Promise<{ fill: FillReport; fillSignal: string; count: CountReport; stderr: string }> {
  const node = `"${process.execPath}" --import tsx "${script}"`;
  const shell = [
    'mount -t tmpfs -o size=1m vcconn-outbox-fault "$1" || { echo "mount failed" >&2; exit 90; }',
    `${node} fill "$1"; echo "{\\"fillExit\\": $?}"`,
    `${node} count "$1"`,
  ].join('\n');
  const child = spawn('unshare', ['-m', 'sh', '-c', shell, 'sh', dir], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const lines = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
      const fill = lines.find((line) => line.mode === 'fill') as FillReport | undefined;
      const exit = lines.find((line) => 'fillExit' in line)?.fillExit;
      const count = lines.find((line) => line.mode === 'count') as CountReport | undefined;
      if (code !== 0 || fill === undefined || count === undefined) {
        reject(new Error(`the namespace run failed (exit ${code}): ${stderr.trim().split('\n').slice(-12).join('\n')}\nstdout: ${stdout}`));
        return;
      }
      // 137 = 128 + SIGKILL: the host died as a crash does, without closing the outbox.
      resolve({ fill, fillSignal: exit === 137 ? 'SIGKILL' : `exit ${String(exit)}`, count, stderr });
    });
  });
}

describe('fault: the disk under the outbox fills up (1 MiB tmpfs in a mount namespace)', () => {
  it('enqueue fails with a typed error; nothing queued is lost; it works again once space frees; all of it survives kill -9', async () => {
    if (process.getuid?.() !== 0) throw new Error('The full-disk scenario needs root (unshare -m, mount -t tmpfs); CI runs it as root.');
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-outbox-disk-'));
    dirs.push(dir);
    const { fill, fillSignal, count } = await inSmallTmpfs(dir);
    process.stdout.write(`full disk: ${JSON.stringify({ ...fill, countedAfterRestart: count.names.length })}\n`);

    // A typed error, naming the cause: the disk (OutboxStorageError, SQLITE_FULL) or a limit (OutboxFullError).
    expect(fill.queued).toBeGreaterThan(10);
    expect(fill.failure).not.toBeNull();
    expect(['ERR_OUTBOX_STORAGE', 'ERR_OUTBOX_FULL']).toContain(fill.failure?.code);
    if (fill.failure?.code === 'ERR_OUTBOX_STORAGE') {
      expect(fill.failure).toMatchObject({ name: 'OutboxStorageError', sqliteCode: 'SQLITE_FULL' });
      expect(fill.failure.message).toContain('the disk is full');
    }
    expect(fill.failure?.message).toContain(join(dir, 'outbox.db'));
    // Nothing already queued was lost when the disk filled.
    expect(fill.listedWhenFull).toBe(fill.queued);
    // Space freed: the same open outbox takes entries again, and its write-ahead log gives back what it held (a WAL
    // never checkpointed grows by every commit's pages until the disk is full again: a few entries, then stuck).
    expect(fill.afterFreeingErrors, `after freeing 256 KiB: database ${fill.sizesWhenFull.db} -> ${fill.sizesAtEnd.db} bytes, WAL ${fill.sizesWhenFull.wal} -> ${fill.sizesAtEnd.wal} bytes`).toEqual([]);
    expect(fill.sizesAtEnd.wal).toBeLessThan(fill.sizesWhenFull.wal);
    expect(fill.afterFreeing).toBe(20);
    expect(fill.listedAtEnd).toBe(fill.queued + 20);
    // Killed without closing, then reopened: every accepted entry is there, once, in order.
    expect(fillSignal).toBe('SIGKILL');
    const expected = Array.from({ length: fill.queued + 20 }, (_, i) => `disk-${i}`);
    expect(count.names).toEqual(expected);
    expect(count.stats.pending).toBe(expected.length);
  });
});
