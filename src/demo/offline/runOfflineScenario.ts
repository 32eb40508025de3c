import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchTaskStatus } from '../../api/models/index.js';
import { EnhancedApiClient } from '../../clients/EnhancedApiClient.js';
import { stamp } from '../plainLog.js';
import { sleep } from '../playTimeline.js';
import { readServerRecord } from '../serverRecord.js';
import { startServerProcess } from '../serverProcess.js';
import type { CliLaunch, ServerProcess } from '../serverProcess.js';
import { DesktopClient } from './desktopClient.js';
import { auditOfflineRun } from './offlineAudit.js';
import type { OutboxFileRecord } from './offlineAudit.js';
import { readOutboxFile } from './outboxFiles.js';
import { resolveOfflineOptions } from './options.js';
import type { OfflineOptions } from './options.js';
import { offlineTimeline, planOfflineWork } from './plan.js';
import { buildOfflineSummary } from './summary.js';
import type { OfflineSummary, WorkerKill } from './summary.js';
import { startWorkerProcess } from './workerProcess.js';
import type { WorkerProcess } from './workerProcess.js';
import type { WorkerLine } from './workerProtocol.js';

/** Where the offline scenario writes, and what it may be handed. */
export interface OfflineEnvironment {
  /** Where the log lines go. */
  readonly write: (text: string) => void;
  /** Aborting ends the story early; the run still shuts down, audits and summarises. */
  readonly signal?: AbortSignal;
  /** How to run `vcconn serve`; default: the way this process runs. */
  readonly launch?: CliLaunch;
  /** How to run a worker child; default: the way this process runs. */
  readonly workerLaunch?: CliLaunch;
}

const POLL_MS = 100;
const WORKER_POLL_MS = 100;
const WORKER_HEARTBEAT_MS = 1_000;
const STOP_GRACE_MS = 5_000;
const TERMINAL = new Set<number>([BatchTaskStatus.Completed, BatchTaskStatus.Failed, BatchTaskStatus.Cancelled]);

/** A worker's child process now, and what it said it holds in its outbox (for timing the kill; the file decides). */
interface WorkerSlot {
  readonly nodeId: string;
  readonly outboxFile: string;
  process: WorkerProcess;
  /** What its outbox holds, as its last line told: entries, and results among them. */
  holding: { pending: number; results: number };
}

/**
 * The offline story: the reference server (a child process on an SQLite file in a temporary folder), `workers`
 * worker nodes as child processes (each a TaskExecutionService with an outbox file of its own) and `clients`
 * desktop clients (each an OfflineClient on its own outbox file) creating tasks. The server is killed (SIGKILL)
 * at 20 % of the duration and started again on the same database and port at 55 %; meanwhile the clients queue
 * their creates and the workers their results. As soon as a worker's outbox holds an undelivered result (at the
 * latest at 45 %), that worker is killed with SIGKILL, the entries its file holds are counted, and it is started
 * again on the same file. Then everything drains: the run waits until every client's outbox is empty, every
 * planned task is terminal on the server and every worker's outbox is empty (or a cap of the larger of 20 s and
 * the duration), stops the workers (SIGTERM), the clients and the server, and audits the server's status history
 * and the outbox files. Resolves with the summary; the temporary folder is gone by then.
 * @throws {@link InvalidArgumentError} for an option out of range.
 */
export async function runOfflineScenario(given: Partial<OfflineOptions>, env: OfflineEnvironment): Promise<OfflineSummary> {
  const options = resolveOfflineOptions(given);
  const runStartedAt = Date.now();
  let storyStartedAt = runStartedAt;
  const elapsed = (): number => Date.now() - storyStartedAt;
  const signal = env.signal ?? new AbortController().signal;
  const note = (text: string): void => env.write(`${stamp(elapsed())} ${text}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-offline-'));
  const db = join(dir, 'server.db');
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    const { idempotency } = options;
    let server: ServerProcess = await startServerProcess({ db, launch: env.launch, idempotency });
    // A start takes a while (a child process loading the server): the restart is launched that much early.
    const startupMs = Date.now() - runStartedAt;
    cleanups.push(() => server.kill());
    const plans = planOfflineWork(options);
    const timeline = offlineTimeline(options.durationMs);
    env.write(`vcconn demo --scenario offline: ${options.workers} workers, ${options.clients} desktop clients, ${options.tasks} tasks, `
      + `${options.durationMs / 1000} s, seed ${options.seed}\n`);
    env.write(`  server ${server.url} (pid ${server.pid}, db ${db})${idempotency ? '' : ', ignoring Idempotency-Key as the .NET server'}\n`);
    env.write(`  server down from ${seconds(timeline.serverDownAtMs)} to ${seconds(timeline.serverUpAtMs)}; a worker holding undelivered `
      + `entries is killed (SIGKILL) by ${seconds(timeline.workerKillByMs)} and restarted on the same outbox file\n`);

    const slots: WorkerSlot[] = [];
    const onLine = (slot: () => WorkerSlot | undefined) => (line: WorkerLine): void => {
      const target = slot();
      if (target === undefined) return;
      if (line.event === 'outbox') target.holding = { pending: line.pending, results: line.results };
    };
    const startWorker = (nodeId: string, outboxFile: string): Promise<WorkerProcess> => startWorkerProcess(
      { serverUrl: server.url, outboxFile, nodeId, pollIntervalMs: WORKER_POLL_MS, heartbeatIntervalMs: WORKER_HEARTBEAT_MS },
      onLine(() => slots.find((s) => s.nodeId === nodeId)),
      env.workerLaunch,
    );
    // Started side by side: each child takes a while to load.
    slots.push(...await Promise.all(Array.from({ length: options.workers }, async (_, i) => {
      const nodeId = `worker-${i + 1}`;
      const outboxFile = join(dir, `${nodeId}.outbox`);
      return { nodeId, outboxFile, process: await startWorker(nodeId, outboxFile), holding: { pending: 0, results: 0 } };
    })));
    cleanups.push(() => Promise.all(slots.map((slot) => slot.process.kill())).then(() => undefined));
    const clients: DesktopClient[] = [];
    for (const plan of plans) clients.push(await DesktopClient.open(plan.clientId, server.url, join(dir, `${plan.clientId}.outbox`)));
    cleanups.push(() => Promise.all(clients.map((client) => client.close())).then(() => undefined));

    storyStartedAt = Date.now();
    note(`${slots.length} workers ready; the desktop clients start creating tasks`);
    const creating = Promise.all(clients.map((client, i) => {
      const plan = plans[i];
      return plan === undefined ? Promise.resolve() : client.run(plan, elapsed, signal, note);
    }));

    let serverDownMs = 0;
    let kill: WorkerKill | null = null;
    let workerRestarts = 0;
    let restarting: Promise<void> = Promise.resolve();
    if (await sleep(timeline.serverDownAtMs - elapsed(), signal)) {
      const downAt = Date.now();
      await server.kill();
      note('server killed (SIGKILL): clients and workers queue their writes in their outboxes');
      const victim = await waitForHolder(slots, timeline.workerKillByMs, elapsed, signal);
      if (victim !== null) {
        const said = victim.holding.pending;
        await victim.process.kill();
        const file = await readOutboxFile(victim.nodeId, victim.outboxFile);
        kill = { nodeId: victim.nodeId, atMs: elapsed(), pendingInFile: file.pending, resultsInFile: file.pendingResults };
        note(`${victim.nodeId} killed (SIGKILL) holding ${file.pending} undelivered entr(ies) in its outbox file `
          + `(${file.pendingResults} result(s)); it said ${said}`);
        restarting = startWorker(victim.nodeId, victim.outboxFile).then((restarted) => {
          victim.process = restarted;
          workerRestarts += 1;
          note(`${victim.nodeId} restarted on the same outbox file`);
        });
      }
      // The server comes back once its time has come and the killed worker runs again (the story's order); also
      // when interrupted: the workers stop gracefully only once their results reach the server.
      await Promise.all([restarting, sleep(timeline.serverUpAtMs - startupMs - elapsed(), signal)]);
      server = await startServerProcess({ db, port: server.port, launch: env.launch, idempotency });
      serverDownMs = Date.now() - downAt;
      note(`server listening again on the same database and port (pid ${server.pid}) after ${seconds(serverDownMs)}: everything drains`);
    }
    await creating;
    const capMs = Math.max(20_000, options.durationMs);
    const finishedInTime = await waitForDrain(server.url, clients, slots, options.tasks, capMs, signal);
    note(finishedInTime ? 'every outbox is empty and every task terminal on the server' : 'hard cap reached: stopping with work still open');

    await Promise.all(slots.map((slot) => stopWorker(slot.process)));
    await Promise.all(clients.map((client) => client.close()));
    await server.stop();

    const record = await readServerRecord(db);
    const outboxes: OutboxFileRecord[] = [];
    for (const slot of slots) outboxes.push(await readOutboxFile(slot.nodeId, slot.outboxFile));
    for (const client of clients) outboxes.push(await readOutboxFile(client.id, client.outboxFile));
    const audit = auditOfflineRun({
      planned: plans.map((plan) => ({ client: plan.clientId, names: plan.creates.map((c) => c.task.name) })),
      tasks: record.tasks, history: record.history, outboxes,
    });
    return buildOfflineSummary({ audit, options, workerRestarts, kill, serverDownMs, finishedInTime, elapsedMs: Date.now() - runStartedAt, outboxes });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/**
 * Waits until a worker says its outbox holds a result (an `updateTaskStatus` entry) it has not delivered; at the
 * deadline, takes one holding anything, else the first worker. Null when `signal` aborts.
 */
async function waitForHolder(slots: readonly WorkerSlot[], byMs: number, elapsed: () => number, signal: AbortSignal): Promise<WorkerSlot | null> {
  for (;;) {
    const holder = slots.find((slot) => slot.holding.results > 0);
    if (holder !== undefined) return holder;
    if (elapsed() >= byMs) return slots.find((slot) => slot.holding.pending > 0) ?? slots[0] ?? null;
    if (!(await sleep(Math.min(POLL_MS, byMs - elapsed()), signal))) return null;
  }
}

/**
 * Polls until every client's outbox is empty, every planned task is terminal on the server (asked directly) and
 * every worker says its outbox is empty; or `capMs` passes, or `signal` aborts. Resolves whether all of that held.
 */
async function waitForDrain(
  serverUrl: string, clients: readonly DesktopClient[], slots: readonly WorkerSlot[], tasks: number, capMs: number, signal: AbortSignal,
): Promise<boolean> {
  const api = new EnhancedApiClient(serverUrl);
  const deadline = Date.now() + capMs;
  try {
    for (;;) {
      const terminal = await api.getTasks().then((all) => all.filter((task) => TERMINAL.has(task.status)).length, () => 0);
      const queuedByClients = clients.reduce((n, client) => n + client.writer.list().length, 0);
      const heldByWorkers = slots.reduce((n, slot) => n + slot.holding.pending, 0);
      if (terminal >= tasks && queuedByClients === 0 && heldByWorkers === 0) return true;
      if (Date.now() >= deadline) return false;
      if (!(await sleep(Math.min(POLL_MS * 5, deadline - Date.now()), signal))) return false;
    }
  } finally {
    await api.dispose();
  }
}

/** SIGTERM, then SIGKILL if the worker has not stopped within the grace period. */
async function stopWorker(worker: WorkerProcess): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_GRACE_MS);
  });
  const outcome = await Promise.race([worker.stop().then(() => 'stopped' as const), grace]);
  clearTimeout(timer);
  if (outcome === 'late') await worker.kill();
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
