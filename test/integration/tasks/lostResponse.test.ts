import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { BatchTaskStatus } from '../../../src/api/models/index.js';
import { startServer } from '../../../src/server/index.js';
import type { RunningServer, ServerOptions } from '../../../src/server/index.js';
import { TaskExecutionService } from '../../../src/tasks/TaskExecutionService.js';
import { EventLog } from './support/eventLog.js';
import { startLostAnswerProxy } from './support/lostAnswerProxy.js';
import type { LostAnswerProxy } from './support/lostAnswerProxy.js';
import { StatusAudit } from './support/statusAudit.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const isFinalStatusPut = (method: string, path: string, body: string): boolean =>
  method === 'PUT' && /\/api\/tasks\/\d+\/status$/.test(path) && /"status":\s*[23]\b/.test(body);

const activeTimeouts = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

const isClaimPut = (method: string, path: string, body: string): boolean =>
  method === 'PUT' && /\/api\/tasks\/\d+\/status$/.test(path) && /"status":\s*1\b/.test(body);

async function setUp(
  lose = isFinalStatusPut, serverOptions: ServerOptions = {},
): Promise<{ server: RunningServer; audit: StatusAudit; proxy: LostAnswerProxy; seed: StandardApiClient }> {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-tasks-'));
  const db = join(dir, 'tasks.db');
  const server = await startServer({ db, ...serverOptions });
  const audit = new StatusAudit(db);
  const proxy = await startLostAnswerProxy(server.url, lose);
  const seed = new StandardApiClient(server.url);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => server.close(), () => audit.close(), () => proxy.close(), () => seed.dispose());
  return { server, audit, proxy, seed };
}

/** Runs `service` until it has completed one task, then stops it; the log holds what it reported. */
async function runUntilOneCompleted(api: { dispose(): Promise<void> }, service: TaskExecutionService): Promise<EventLog> {
  cleanups.push(() => api.dispose(), () => service.dispose());
  const log = new EventLog();
  log.watch(service);
  service.start();
  await log.until('the task to complete', () => log.named('taskCompleted').length === 1);
  await service.stop();
  return log;
}

describe('TaskExecutionService over real HTTP: a final status whose answer is lost', () => {
  it.each([
    ['the service retries it itself (client makes one attempt)', 1],
    ['the Standard client retries it (three attempts)', 3],
  ])('is applied exactly once when %s', async (_how, maxAttempts) => {
    const { audit, proxy, seed } = await setUp();
    const task = await seed.createTask({ name: 'greet', type: 'HelloWorld' });
    const api = new StandardApiClient(proxy.url, { maxAttempts, delayMs: 10, timeoutMs: 5_000, healthTimeoutMs: 2_000 });
    const service = new TaskExecutionService(api, { id: 'node-1', name: 'Node 1' }, {
      pollIntervalMs: 20, heartbeatIntervalMs: 1_000, deliveryBackoff: { initialDelayMs: 10, maxDelayMs: 100 },
    });
    const timersBefore = activeTimeouts();
    const log = await runUntilOneCompleted(api, service);
    await service.dispose();
    // The service owns no timer any more; process-wide, the in-process server's socket timers close a moment
    // after the client's sockets do, so wait for the count to come back rather than read it once (a leaked
    // timer would never come back and still fails this).
    expect(service.activeTimerCount).toBe(0);
    await vi.waitFor(() => expect(activeTimeouts()).toBeLessThanOrEqual(timersBefore), { timeout: 5_000, interval: 20 });

    const finals = audit.writes().filter((w) => w.toStatus === BatchTaskStatus.Completed);
    expect(finals).toEqual([{ taskId: task.id, fromStatus: BatchTaskStatus.Running, toStatus: BatchTaskStatus.Completed, resultMessage: `Hello, World! from Node 1 (task ${task.id})` }]);
    const sent = proxy.exchanges.filter((e) => isFinalStatusPut(e.method, e.path, e.requestBody));
    expect(sent.map((e) => [e.upstreamStatus, e.dropped])).toEqual([[200, true], [409, false]]);
    expect(service.counters).toMatchObject({ completed: 1, deliveryAttempts: maxAttempts === 1 ? 2 : 1 });
    const order = log.events.filter((e) => e.node === 'node-1' && e.name !== 'registered').map((e) => e.name);
    expect(order).toEqual(maxAttempts === 1
      ? ['taskClaimed', 'linkDown', 'deliveryDeferred', 'deliveryRetried', 'linkUp', 'taskCompleted']
      : ['taskClaimed', 'taskCompleted']);
  });

  it('the rowVersion is what makes the retry harmless: the same PUT without it would be applied a second time', async () => {
    const { audit, seed } = await setUp();
    const task = await seed.createTask({ name: 'bare', type: 'HelloWorld' });
    const claimed = await seed.updateTaskStatus(task.id, 'Running', { rowVersion: task.rowVersion });
    await seed.updateTaskStatus(task.id, 'Completed', { resultMessage: 'done' });
    await seed.updateTaskStatus(task.id, 'Completed', { resultMessage: 'done' });
    await seed.updateTaskStatus(task.id, 'Completed', { resultMessage: 'done', rowVersion: claimed?.rowVersion });
    expect(audit.writes().filter((w) => w.toStatus === BatchTaskStatus.Completed)).toHaveLength(2);
  });

  it('a claim whose answer is lost is adopted by the node that made it, not left Running forever', async () => {
    const { audit, proxy, seed } = await setUp(isClaimPut);
    const task = await seed.createTask({ name: 'orphan', type: 'TestMessage', parameters: '{"message":"ping"}' });
    const api = new StandardApiClient(proxy.url, { maxAttempts: 1, timeoutMs: 5_000, healthTimeoutMs: 2_000 });
    const service = new TaskExecutionService(api, { id: 'node-1', name: 'Node 1' }, {
      pollIntervalMs: 20, heartbeatIntervalMs: 1_000, deliveryBackoff: { initialDelayMs: 10, maxDelayMs: 100 },
    });
    const log = await runUntilOneCompleted(api, service);

    expect(log.named('taskClaimed')).toMatchObject([{ taskId: task.id, adopted: true }]);
    expect(audit.writes().map((w) => [w.fromStatus, w.toStatus])).toEqual([
      [BatchTaskStatus.Pending, BatchTaskStatus.Running], [BatchTaskStatus.Running, BatchTaskStatus.Running],
      [BatchTaskStatus.Running, BatchTaskStatus.Completed],
    ]);
    expect(proxy.exchanges.filter((e) => isClaimPut(e.method, e.path, e.requestBody)).map((e) => e.dropped)).toEqual([true, false]);
  });
});

const isFolderCreate = (method: string, path: string): boolean => method === 'POST' && /\/api\/tasks\/\d+\/folders$/.test(path);

describe('TaskExecutionService over real HTTP against a server that ignores Idempotency-Key (--no-idempotency)', () => {
  it.each([
    ['Enhanced', (url: string) => new EnhancedApiClient(url, { connection: { maxRetryAttempts: 2, baseRetryDelayMs: 10 } })],
    ['Standard', (url: string) => new StandardApiClient(url, { maxAttempts: 3, delayMs: 10, timeoutMs: 5_000, healthTimeoutMs: 2_000 })],
  ])('reads a folder whose create lost its answer back instead of creating a second one (%s client)', async (_client, makeClient) => {
    const { seed, proxy } = await setUp(isFolderCreate, { idempotency: false });
    const task = await seed.createTask({ name: 'scan', type: 'FileProcessing' });
    const api = makeClient(proxy.url);
    // A health answer without the capability: the key is taken as ignored (as it is before any answer).
    await api.getConnectionHealth();
    const service = new TaskExecutionService(api, { id: 'node-1', name: 'Node 1' }, {
      pollIntervalMs: 20, heartbeatIntervalMs: 1_000, deliveryBackoff: { initialDelayMs: 10, maxDelayMs: 100 },
      handlers: {
        FileProcessing: async (_task, context) => {
          const reported = await context.reportFolderProgress({ folderPath: 'D:/in/scan', status: 'Completed', progress: 100 });
          return { status: reported ? 'Completed' : 'Failed', resultMessage: `reported: ${String(reported)}` };
        },
      },
    });
    const log = await runUntilOneCompleted(api, service);

    expect(proxy.exchanges.filter((e) => isFolderCreate(e.method, e.path)).map((e) => [e.upstreamStatus, e.dropped])).toEqual([[201, true]]);
    const folders = await seed.getTaskFolders(task.id);
    expect(folders).toMatchObject([{ folderPath: 'D:/in/scan', progress: 100 }]);
    expect(log.named('taskCompleted')).toMatchObject([{ taskId: task.id, resultMessage: 'reported: true' }]);
  });
});

