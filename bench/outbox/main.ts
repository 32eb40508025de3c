/**
 * The outbox section of the bench, in a process of its own (better-sqlite3 and the reference server's child stay
 * out of the other sections): `tsx bench/outbox/main.ts <entries>`. Prints one JSON line, an {@link OutboxBenchResult}.
 *
 * - queued/s: `enqueue` awaited one after another, and 64 at a time, on a file in the OS temp folder (WAL,
 *   synchronous=FULL: each entry is its own transaction, on disk before its promise resolves, so concurrent
 *   callers share no commit);
 * - drained/s: an OfflineClient over a ConnectionManager delivering a prefilled outbox to the reference server
 *   (`vcconn serve` in a child process, SQLite file) on loopback: `createTask` entries, each its own entity
 *   (delivered Outbox:MaxConcurrentEntities at a time), and status writes of one task (one entity: one at a time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnhancedApiClient } from '../../src/clients/EnhancedApiClient.js';
import { startServerProcess } from '../../src/demo/serverProcess.js';
import { ConnectionManager } from '../../src/manager/ConnectionManager.js';
import { OfflineClient } from '../../src/outbox/OfflineClient.js';
import { openOutbox } from '../../src/outbox/openOutbox.js';
import type { Outbox, OutboxOperation } from '../../src/outbox/index.js';
import type { OutboxBenchResult } from './result.js';

const entries = Number(process.argv[2] ?? '1000');
const dir = mkdtempSync(join(tmpdir(), 'vcconn-bench-outbox-'));
const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function fill(outbox: Outbox, operations: readonly OutboxOperation[], inFlight: number): Promise<void> {
  for (let next = 0; next < operations.length; next += inFlight) {
    await Promise.all(operations.slice(next, next + inFlight).map((operation) => outbox.enqueue(operation)));
  }
}

async function drain(url: string, file: string): Promise<number> {
  const outbox = await openOutbox(file);
  const manager = new ConnectionManager({ baseUrl: url });
  const client = new OfflineClient({ connection: manager, outbox });
  try {
    return await timed(() => client.drained());
  } finally {
    await client.close();
    await manager.dispose();
  }
}

const creates = (prefix: string, count: number): OutboxOperation[] =>
  Array.from({ length: count }, (_, i) => ({ operation: 'createTask', args: [{ name: `${prefix}-${i}`, type: 'HelloWorld' }] }));

const server = await startServerProcess({ db: join(dir, 'server.db') });
try {
  // Queue rates, on files of their own, after a warm-up (driver loaded, statements compiled, JIT warm).
  let outbox = await openOutbox(join(dir, 'warm-up.db'));
  await fill(outbox, creates('warm', 100), 1);
  outbox.close();
  const sequentialFile = join(dir, 'sequential.db');
  outbox = await openOutbox(sequentialFile);
  const queuedSequentialMs = await timed(() => fill(outbox, creates('seq', entries), 1));
  outbox.close();
  outbox = await openOutbox(join(dir, 'concurrent.db'));
  const queuedConcurrentMs = await timed(() => fill(outbox, creates('conc', entries), 64));
  outbox.close();

  // Drain of `entries` creations (one entity each): the sequential file.
  const drainedEntitiesMs = await drain(server.url, sequentialFile);

  // Drain of status writes of one task: one entity, so one at a time in order.
  const api = new EnhancedApiClient(server.url);
  const task = await api.createTask({ name: 'bench-one-entity', type: 'HelloWorld' });
  await api.dispose();
  const oneEntity = Math.max(50, Math.floor(entries / 4));
  const oneEntityFile = join(dir, 'one-entity.db');
  outbox = await openOutbox(oneEntityFile);
  await fill(outbox, Array.from({ length: oneEntity }, (_, i): OutboxOperation => ({
    operation: 'updateTaskStatus', args: [task.id, i % 2 === 0 ? 'Running' : 'Pending'],
  })), 64);
  outbox.close();
  const drainedOneEntityMs = await drain(server.url, oneEntityFile);

  const result: OutboxBenchResult = {
    entries,
    queuedPerSecSequential: perSecond(entries, queuedSequentialMs),
    queuedPerSecConcurrent64: perSecond(entries, queuedConcurrentMs),
    drainedPerSecEntities: perSecond(entries, drainedEntitiesMs),
    oneEntityEntries: oneEntity,
    drainedPerSecOneEntity: perSecond(oneEntity, drainedOneEntityMs),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
