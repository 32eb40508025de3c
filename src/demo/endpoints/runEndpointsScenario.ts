import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { BatchTaskStatus } from '../../api/models/index.js';
import { EnhancedApiClient } from '../../clients/EnhancedApiClient.js';
import { auditRun } from '../audit.js';
import type { DeliveredResult } from '../workerService.js';
import type { DemoVisualizer } from '../inspectHook.js';
import { startMetricsServer } from '../metricsServer.js';
import { describeNodeSettings, DEMO_NODE_SETTINGS } from '../nodeSettings.js';
import { stamp } from '../plainLog.js';
import { sleep } from '../playTimeline.js';
import type { CliLaunch } from '../serverProcess.js';
import { readServerRecord } from '../serverRecord.js';
import { seedTasks } from '../seedTasks.js';
import { EndpointCallTally } from './callTally.js';
import { EndpointNode } from './endpointNode.js';
import { DEMO_FAILBACK_HOLD_DOWN_SECONDS } from './nodeManager.js';
import { resolveEndpointsOptions } from './options.js';
import type { EndpointsOptions } from './options.js';
import { endpointsTimeline, planEndpointsWork, SERVER_COUNT } from './plan.js';
import { ServerFleet } from './serverFleet.js';
import { buildEndpointsSummary } from './summary.js';
import { SwitchNarrator } from './switchNarrator.js';
import type { EndpointsSummary, ServerEvent } from './summary.js';

/** Where the endpoints scenario writes, and what it may be handed. */
export interface EndpointsEnvironment {
  /** Where the log lines go. */
  readonly write: (text: string) => void;
  /** Aborting ends the story early; the killed servers come back, and the run still shuts down, audits and summarises. */
  readonly signal?: AbortSignal;
  /** How to run `vcconn serve`; default: the way this process runs. */
  readonly launch?: CliLaunch;
  /** The visualizer's hook: each node's manager (selection machine, one breaker per server) reports to it; its URL is printed at the start. */
  readonly visualizer?: DemoVisualizer;
  /**
   * Port of the nodes' Prometheus `/metrics` on 127.0.0.1 (0: a free one; its URL is printed at the start), or
   * false for none. Default false. The nodes' metrics are kept either way: the calls per endpoint are read there.
   */
  readonly metricsPort?: number | false;
}

const POLL_MS = 500;
const SHUTDOWN_GRACE_MS = 5_000;
const TERMINAL = new Set<number>([BatchTaskStatus.Completed, BatchTaskStatus.Failed, BatchTaskStatus.Cancelled]);

/**
 * The several-servers story: three reference servers (`vcconn serve` child processes) on one SQLite file in a
 * temporary folder, `nodes` worker nodes in this process (each a TaskExecutionService over a ConnectionManager
 * whose `BaseUrls` are the three, ordered failover with server-1 first) and `tasks` seeded tasks. server-1 is killed (SIGKILL) at
 * 20 % of the duration, server-2 at 40 %; both start again on the same file and ports at 65 %. The nodes fail over
 * to server-2, then to server-3, and back to server-1 once it has stayed up for the hold-down. At the end the run
 * waits until every task is terminal (or a cap of the larger of 20 s and half the duration), stops the nodes and
 * the servers, and audits the server's tasks and status history: lost and duplicated tasks are counted there, not
 * from what the nodes say. Resolves with the summary; the temporary folder is gone and `env.visualizer` closed by then.
 * @throws {@link InvalidArgumentError} for an option out of range.
 */
export async function runEndpointsScenario(given: Partial<EndpointsOptions>, env: EndpointsEnvironment): Promise<EndpointsSummary> {
  let options: EndpointsOptions;
  try {
    options = resolveEndpointsOptions(given);
  } catch (error) {
    // The visualizer is the caller's, started before: it is closed on every way out, this one too.
    await env.visualizer?.close?.();
    throw error;
  }
  const runStartedAt = Date.now();
  let storyStartedAt = runStartedAt;
  const elapsed = (): number => Date.now() - storyStartedAt;
  const signal = env.signal ?? new AbortController().signal;
  const note = (text: string): void => env.write(`${stamp(elapsed())} ${text}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-endpoints-'));
  const db = join(dir, 'server.db');
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    const fleet = await ServerFleet.start(SERVER_COUNT, db, env.launch);
    cleanups.push(() => fleet.killAll());
    // A start takes a while (a child process loading the server): the restart is launched that much early.
    const startupMs = Date.now() - runStartedAt;
    const urls = fleet.urls;
    const timeline = endpointsTimeline(options.durationMs);
    env.write(`vcconn demo --scenario endpoints: ${urls.length} servers on one SQLite file, ${options.nodes} nodes, ${options.tasks} tasks, `
      + `${options.durationMs / 1000} s, seed ${options.seed}\n`);
    urls.forEach((url, i) => env.write(`  ${fleet.nameOf(url)} ${url} (pid ${fleet.pidOf(i)})\n`));
    env.write(`  database ${db} (WAL: every server reads and writes the same tasks)\n`);
    if (env.visualizer !== undefined) env.write(`  visualizer: ${env.visualizer.url} (each node's selection machine and one breaker per server)\n`);
    const registry = new Registry();
    const metricsPort = env.metricsPort ?? false;
    if (metricsPort !== false) {
      const metrics = await startMetricsServer(registry, metricsPort);
      cleanups.push(() => metrics.close());
      env.write(`  metrics: ${metrics.url} (Prometheus text, labels node and endpoint)\n`);
    }
    env.write(`  each node: a ConnectionManager over the three BaseUrls, ordered failover ${urls.map((url) => fleet.nameOf(url)).join(' > ')}, one breaker per server, `
      + `back to a returning server after ${DEMO_FAILBACK_HOLD_DOWN_SECONDS} s\n`);
    const { connection: c, service } = DEMO_NODE_SETTINGS;
    const described = describeNodeSettings(DEMO_NODE_SETTINGS);
    env.write(`  ${described[0] ?? ''} (each server probed; a failing one is skipped until it answers again)\n`);
    env.write(`  ${described[1] ?? ''}\n`);
    env.write(`  a call: up to ${c.maxRetryAttempts} retries on its server (${c.baseRetryDelayMs}-${c.maxRetryDelayMs} ms apart), then the next server `
      + `when that is safe; nodes poll every ${service.pollIntervalMs ?? '?'} ms, heartbeat every ${service.heartbeatIntervalMs ?? '?'} ms\n`);
    env.write(`  story: server-1 killed (SIGKILL) at ${seconds(timeline.firstKillAtMs)}, server-2 at ${seconds(timeline.secondKillAtMs)}, `
      + `both back on the same file and ports at ${seconds(timeline.bothBackAtMs)}, end at ${seconds(timeline.endAtMs)}\n`);

    const planned = planEndpointsWork(options);
    await seedTasks(urls[0] ?? '', planned);
    const nodes = Array.from({ length: options.nodes }, (_, i) => {
      const id = `node-${i + 1}`;
      const inspect = env.visualizer?.observerFor(id);
      // A failing log line must not pass unseen: it would hide what the story is there to show.
      const onListenerError = (name: string, error: unknown): void => note(`${id}: telling its ${name} event failed: ${String(error)}`);
      return new EndpointNode({ id, urls, registry, onListenerError, ...(inspect === undefined ? {} : { inspect }) });
    });
    cleanups.push(() => Promise.all(nodes.map((node) => node.shutdown(0))).then(() => undefined));
    const delivered: DeliveredResult[] = [];
    const abandoned: { taskId: number }[] = [];
    const done = new Set<number>();
    let lastTenth = 0;
    const narrator = new SwitchNarrator(fleet, DEMO_FAILBACK_HOLD_DOWN_SECONDS);
    const tell = (lines: readonly string[]): void => lines.forEach(note);
    for (const node of nodes) {
      node.on('switched', (change) => tell(narrator.switched(change)));
      node.on('handedBack', ({ nodeId, taskId }) => note(`${nodeId}: task ${taskId} handed back to Pending (no server reachable)`));
      node.on('abandoned', ({ nodeId, taskId }) => {
        abandoned.push({ taskId });
        note(`${nodeId}: result of task ${taskId} abandoned at shutdown`);
      });
      node.on('delivered', ({ nodeId, taskId, status, resultMessage }) => {
        delivered.push({ nodeId, taskId, status, resultMessage });
        done.add(taskId);
        const tenth = Math.floor((done.size * 10) / options.tasks);
        if (tenth <= lastTenth) return;
        lastTenth = tenth;
        note(`progress: ${done.size}/${options.tasks} tasks done`);
      });
    }

    storyStartedAt = Date.now();
    for (const node of nodes) node.start();
    note(`${nodes.length} nodes working, every call on server-1`);
    const serverEvents: ServerEvent[] = [];
    const event = (index: number, kind: ServerEvent['event']): void => {
      const url = urls[index] ?? '';
      serverEvents.push({ server: fleet.nameOf(url), url, event: kind, atMs: elapsed() });
    };
    const killed: number[] = [];
    for (const [index, atMs, next] of [[0, timeline.firstKillAtMs, 'server-2'], [1, timeline.secondKillAtMs, 'server-3']] as const) {
      if (!(await sleep(atMs - elapsed(), signal))) break;
      await fleet.kill(index);
      killed.push(index);
      event(index, 'killed');
      note(`${fleet.nameOf(urls[index] ?? null)} killed (SIGKILL): the nodes' calls and health checks to it fail, and they move to ${next}`);
    }
    // The killed servers come back once their time has come; at once when interrupted, so the nodes can deliver.
    if (killed.length > 0) {
      await sleep(timeline.bothBackAtMs - startupMs - elapsed(), signal);
      await Promise.all(killed.map((index) => fleet.restart(index)));
      for (const index of killed) event(index, 'back');
      for (const index of killed) tell(narrator.serverBack(urls[index] ?? ''));
      note(`${killed.map((index) => `${fleet.nameOf(urls[index] ?? null)} (pid ${fleet.pidOf(index)})`).join(' and ')} listening again `
        + `on the same database and ports: the nodes go back to server-1 once a health check finds it up and the `
        + `${DEMO_FAILBACK_HOLD_DOWN_SECONDS} s hold-down has passed`);
    }
    await sleep(timeline.endAtMs - elapsed(), signal);
    const capMs = Math.max(20_000, options.durationMs / 2);
    note('end of the story: waiting until every task is terminal on the servers');
    const finishedInTime = await waitForTasks(urls[urls.length - 1] ?? '', new Set(planned.map((task) => task.name)), capMs, signal);
    note(finishedInTime ? 'every task is terminal: stopping the nodes and the servers' : 'hard cap reached: stopping with work still open');

    await Promise.all(nodes.map((node) => node.shutdown(SHUTDOWN_GRACE_MS)));
    tell(narrator.flush());
    await fleet.stop();
    const tally = new EndpointCallTally(urls);
    for (const node of nodes) tally.add(node.callSeries);
    const record = await readServerRecord(db);
    const audit = auditRun({ seededNames: planned.map((task) => task.name), tasks: record.tasks, history: record.history, delivered, abandoned });
    return buildEndpointsSummary({
      audit, options, endpoints: urls,
      switchesPerNode: Object.fromEntries(nodes.map((node) => [node.id, node.endpointSwitches])),
      callsPerEndpoint: tally.calls(),
      answeredPerEndpoint: tally.answers(),
      serverEvents, finishedInTime, elapsedMs: Date.now() - runStartedAt,
    });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await env.visualizer?.close?.();
  }
}

/**
 * Polls `serverUrl` until every task named in `names` is terminal, or `capMs` passes, or `signal` aborts.
 * Resolves whether they all were.
 */
async function waitForTasks(serverUrl: string, names: ReadonlySet<string>, capMs: number, signal: AbortSignal): Promise<boolean> {
  const api = new EnhancedApiClient(serverUrl);
  const deadline = Date.now() + capMs;
  try {
    for (;;) {
      const terminal = await api.getTasks().then((all) => all.filter((task) => names.has(task.name) && TERMINAL.has(task.status)).length, () => 0);
      if (terminal >= names.size) return true;
      if (Date.now() >= deadline) return false;
      if (!(await sleep(Math.min(POLL_MS, deadline - Date.now()), signal))) return false;
    }
  } finally {
    await api.dispose();
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
