/**
 * A host process of the kill-in-the-middle-of-a-drain fault: `drainHost.ts <mode> <outbox file> <server url> [task ids]`.
 *
 * - `fill`: queues, for each task id given (comma-separated), `Running` then `Completed` (one entity per task, so
 *   in order), and one `createTask` per task id (`kill-new-<id>`, entities of their own); prints `{"queued": n}`;
 *   then delivers through a ConnectionManager and an OfflineClient until killed (the test kills it with SIGKILL
 *   while a write is in flight).
 * - `drain`: reopens the file, delivers everything, prints the delivered kinds and the stats, closes, exits 0.
 *
 * Each JSON line goes to stdout as soon as it is true.
 */
import { ConnectionManager } from '../../../../src/manager/ConnectionManager.js';
import { OfflineClient } from '../../../../src/outbox/OfflineClient.js';
import { openOutbox } from '../../../../src/outbox/openOutbox.js';
import type { OutboxOperation } from '../../../../src/outbox/index.js';

const [mode, file, url, ids] = process.argv.slice(2);
if (file === undefined || url === undefined || (mode !== 'fill' && mode !== 'drain')) {
  throw new Error('usage: drainHost.ts fill|drain <file> <url> [ids]');
}

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

/** The writes of the fill phase, in the order a host would make them. */
function writes(taskIds: readonly number[]): OutboxOperation[] {
  return taskIds.flatMap((id): OutboxOperation[] => [
    { operation: 'updateTaskStatus', args: [id, 'Running'] },
    { operation: 'createTask', args: [{ name: `kill-new-${id}`, type: 'HelloWorld' }] },
    { operation: 'updateTaskStatus', args: [id, 'Completed', { resultMessage: `done ${id}` }] },
  ]);
}

const outbox = await openOutbox(file);
if (mode === 'fill') {
  const taskIds = (ids ?? '').split(',').filter((id) => id !== '').map(Number);
  for (const write of writes(taskIds)) await outbox.enqueue(write);
  print({ queued: outbox.list().length });
}
// A held request must stay in flight until the kill, however loaded the machine: no attempt timeout or retry may
// settle it first (the test kills the host as soon as the proxy holds both). The breaker keeps its defaults.
const manager = new ConnectionManager({ baseUrl: url, connection: { taskOperationTimeoutSeconds: 120, maxRetryAttempts: 2 } });
// Asked once before delivery starts, so the restart knows whether the server honours Idempotency-Key: a write
// in flight at the kill is then replayed with its key (honoured) or read back (not).
await manager.client.getConnectionHealth();
const keyHonoured = (manager.client as { idempotencyKeyHonoured?: boolean }).idempotencyKeyHonoured === true;
print({ keyHonoured });
const client = new OfflineClient({ connection: manager, outbox });
const kinds: Record<string, number> = {};
client.on('delivered', ({ kind }) => {
  kinds[kind] = (kinds[kind] ?? 0) + 1;
});
const dead: unknown[] = [];
client.on('deadLettered', ({ deadLetter }) => dead.push({ reason: deadLetter.reason, status: deadLetter.status, answer: deadLetter.answer, operation: deadLetter.entry.operation }));
if (mode === 'drain') {
  await client.drained();
  const stats = outbox.stats();
  await client.close();
  await manager.dispose();
  print({ kinds, dead, stats });
}
