import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchTaskStatus } from '../../../src/api/models/index.js';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { readOutboxFile } from '../../../src/demo/offline/outboxFiles.js';
import { startWorkerProcess } from '../../../src/demo/offline/workerProcess.js';
import type { WorkerProcess } from '../../../src/demo/offline/workerProcess.js';
import type { WorkerLine } from '../../../src/demo/offline/workerProtocol.js';
import { readServerRecord } from '../../../src/demo/serverRecord.js';
import { startServerProcess } from '../../../src/demo/serverProcess.js';
import type { ServerProcess } from '../../../src/demo/serverProcess.js';
import { startSwitchProxy } from './support/switchProxy.js';
import type { ProxyVerdict, SwitchProxy } from './support/switchProxy.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverLaunch = { execPath: process.execPath, args: ['--import', 'tsx', join(repoRoot, 'src/cli.ts')] };
const workerLaunch = { execPath: process.execPath, args: ['--import', 'tsx', join(repoRoot, 'src/demo/offline/workerMain.ts')] };
const FINAL = new Set<number>([BatchTaskStatus.Completed, BatchTaskStatus.Failed]);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A worker child's lines, and a wait for one that is checked on each new line (no polling, no sleeping). */
class Lines {
  readonly all: WorkerLine[] = [];
  private readonly waiters = new Set<() => void>();
  readonly push = (line: WorkerLine): void => {
    this.all.push(line);
    for (const wake of [...this.waiters]) wake();
  };
  next(match: (line: WorkerLine) => boolean, from = 0): Promise<WorkerLine> {
    return new Promise((resolve) => {
      const check = (): void => {
        const found = this.all.slice(from).find(match);
        if (found === undefined) return;
        this.waiters.delete(check);
        resolve(found);
      };
      this.waiters.add(check);
      check();
    });
  }
}

const isFinalPut = (method: string, path: string, body: string): boolean =>
  method === 'PUT' && /\/api\/tasks\/\d+\/status$/.test(path) && /"status":\s*(2|3|"Completed"|"Failed")/.test(body);

interface Setup {
  server: ServerProcess;
  proxy: SwitchProxy;
  db: string;
  outboxFile: string;
  taskId: number;
  lines: Lines;
  start: () => Promise<WorkerProcess>;
}

/** A server ignoring Idempotency-Key (as the .NET one), a proxy in front of it, one HelloWorld task, a worker's files. */
async function setUp(rule: (method: string, path: string, body: string) => ProxyVerdict): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-outbox-restart-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'server.db');
  const server = await startServerProcess({ db, launch: serverLaunch, idempotency: false });
  cleanups.push(() => server.kill());
  const proxy = await startSwitchProxy(server.url);
  cleanups.push(() => proxy.close());
  proxy.setRule(rule);
  const seeder = new StandardApiClient(server.url);
  const task = await seeder.createTask({ name: 'held-result', type: 'HelloWorld', parameters: JSON.stringify({ workMs: 0 }) });
  await seeder.dispose();
  const outboxFile = join(dir, 'worker.outbox');
  const lines = new Lines();
  const start = async (): Promise<WorkerProcess> => {
    const worker = await startWorkerProcess(
      { serverUrl: proxy.url, outboxFile, nodeId: 'worker-1', pollIntervalMs: 50, heartbeatIntervalMs: 1_000 }, lines.push, workerLaunch,
    );
    cleanups.push(() => worker.kill());
    return worker;
  };
  return { server, proxy, db, outboxFile, taskId: task.id, lines, start };
}

/** Kills the worker holding its result, checks the file holds it, restarts it there with the proxy forwarding all. */
async function killHoldingAndRestart(setup: Setup, first: WorkerProcess): Promise<{ pendingInFile: number; resultsInFile: number; restarted: WorkerProcess }> {
  await first.kill();
  const file = await readOutboxFile('worker-1', setup.outboxFile);
  const from = setup.lines.all.length;
  setup.proxy.setRule(() => 'forward');
  const restarted = await setup.start();
  await setup.lines.next((line) => line.event === 'delivered' && line.taskId === setup.taskId, from);
  return { pendingInFile: file.pending, resultsInFile: file.pendingResults, restarted };
}

async function finalWrites(setup: Setup, restarted: WorkerProcess): Promise<{ finals: number; status: number | undefined; left: number }> {
  await restarted.stop();
  const left = (await readOutboxFile('worker-1', setup.outboxFile)).pending;
  await setup.server.stop();
  const record = await readServerRecord(setup.db);
  const finals = record.history.filter((c) => c.taskId === setup.taskId && c.fromStatus !== null && FINAL.has(c.toStatus)).length;
  return { finals, status: record.tasks.find((t) => t.id === setup.taskId)?.status, left };
}

describe('TaskExecutionService with an outbox: a worker killed (SIGKILL) while holding its result', () => {
  it('delivers a result that never reached the server once, after a restart on the same outbox file', { timeout: 60_000 }, async () => {
    const setup = await setUp((method, path, body) => (isFinalPut(method, path, body) ? 'refuse' : 'forward'));
    const first = await setup.start();
    await setup.lines.next((line) => line.event === 'outbox' && line.results > 0);
    await setup.proxy.seen((e) => e.verdict === 'refuse');

    const { pendingInFile, resultsInFile, restarted } = await killHoldingAndRestart(setup, first);
    expect(resultsInFile).toBe(1);
    expect(pendingInFile).toBeGreaterThanOrEqual(1);
    // The restarted worker settled the result before claiming anything: it claimed nothing at all.
    expect(setup.lines.all.filter((l) => l.event === 'claimed')).toHaveLength(1);

    expect(await finalWrites(setup, restarted)).toEqual({ finals: 1, status: BatchTaskStatus.Completed, left: 0 });
  });

  it('delivers once a result the server applied but whose answer was lost, against a server without Idempotency-Key', { timeout: 60_000 }, async () => {
    const setup = await setUp((method, path, body) => (isFinalPut(method, path, body) ? 'loseAnswer' : 'forward'));
    const first = await setup.start();
    await setup.lines.next((line) => line.event === 'outbox' && line.results > 0);
    await setup.proxy.seen((e) => e.verdict === 'loseAnswer' && e.upstreamStatus === 200);

    const { resultsInFile, restarted } = await killHoldingAndRestart(setup, first);
    expect(resultsInFile).toBe(1);
    const applied = setup.proxy.exchanges.filter((e) => isFinalPut(e.method, e.path, e.body) && e.upstreamStatus === 200);
    // The server applied the first send; every later send (before or after the restart) met the rowVersion rule.
    expect(applied).toHaveLength(1);
    expect(setup.lines.all.filter((l) => l.event === 'claimed')).toHaveLength(1);

    expect(await finalWrites(setup, restarted)).toEqual({ finals: 1, status: BatchTaskStatus.Completed, left: 0 });
  });
});
