import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { seededRandom } from '../../machines/random.js';
import { EnhancedApiClient } from '../clients/EnhancedApiClient.js';
import { BatchTaskStatus } from '../api/models/index.js';
import { auditRun } from './audit.js';
import { AnsiDashboard } from './dashboard.js';
import { DemoNode } from './demoNode.js';
import { startMetricsServer } from './metricsServer.js';
import { startFaultProxy } from './faultProxy.js';
import { NodeLedger } from './nodeLedger.js';
import type { DemoVisualizer } from './inspectHook.js';
import { DEMO_NODE_SETTINGS, describeNodeSettings, describeSteadyNode, nodeSettingsFor } from './nodeSettings.js';
import { resolveDemoOptions } from './options.js';
import type { DemoOptions } from './options.js';
import { PlainLog } from './plainLog.js';
import { playTimeline, sleep } from './playTimeline.js';
import { RecoveryTracker } from './recoveryTracker.js';
import type { DemoReporter, RunView } from './reporter.js';
import { seedTasks } from './seedTasks.js';
import { readServerRecord } from './serverRecord.js';
import { startServerProcess } from './serverProcess.js';
import type { CliLaunch, ServerProcess } from './serverProcess.js';
import { buildSummary } from './summary.js';
import type { DemoSummary } from './summary.js';
import { buildTimeline, describeTimeline, phaseAt } from './timeline.js';
import type { TimelinePhase } from './timeline.js';
import { planWorkload } from './workload.js';

/** Where and how a run shows itself, and what it may be handed. */
export interface DemoEnvironment {
  /** Where the dashboard or the log lines go. */
  readonly write: (text: string) => void;
  /** Draw the live dashboard (a terminal) rather than log lines. */
  readonly isTTY: boolean;
  /** Terminal width. */
  readonly columns?: number;
  /** Aborting ends the timeline early; the run still shuts down, audits and summarises. */
  readonly signal?: AbortSignal;
  /** The visualizer's hook: every node reports to it, and its URL is printed at the start. */
  readonly visualizer?: DemoVisualizer;
  /** How to run `vcconn serve` in a child process; default: the way this process runs. */
  readonly launch?: CliLaunch;
  /**
   * Port of the nodes' Prometheus `/metrics` on 127.0.0.1 (0, the default: a free one; its URL is printed at the
   * start); `false` serves none.
   */
  readonly metricsPort?: number | false;
}

const GRACE_MS = 5_000;
const VIEW_MS = 250;
const POLL_MS = 500;
const SWITCH_BACK_ATTEMPTS = 3;
const SWITCH_BACK_WAIT_MS = 1_000;
const TERMINAL = new Set<number>([BatchTaskStatus.Completed, BatchTaskStatus.Failed, BatchTaskStatus.Cancelled]);

/**
 * Runs the whole story: the reference server (a child process on an SQLite file in a temporary folder), the fault
 * proxy in front of it, `nodes` worker nodes (ConnectionManager + TaskExecutionService each) and `tasks` seeded
 * tasks, while the seeded fault timeline plays; then waits until every task is terminal on the server (or a hard
 * cap of the larger of 20 s and half the duration past the timeline), shuts the nodes down, stops the server and
 * audits its data. Resolves with the summary; the temporary folder is gone by then.
 * @throws {@link InvalidArgumentError} for an option out of range.
 */
export async function runDemo(given: Partial<DemoOptions>, env: DemoEnvironment): Promise<DemoSummary> {
  const options = resolveDemoOptions(given);
  const runStartedAt = Date.now();
  // Stamps and the timeline count from the moment the nodes start; setup comes before.
  let timelineStartedAt = runStartedAt;
  const elapsed = (): number => Date.now() - timelineStartedAt;
  const signal = env.signal ?? new AbortController().signal;
  const timeline = buildTimeline(options.seed, options.durationMs);
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-demo-'));
  const db = join(dir, 'demo.db');
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const say = (line: string): void => env.write(`${line}\n`);
  try {
    const { idempotency } = options;
    let server: ServerProcess = await startServerProcess({ db, launch: env.launch, idempotency });
    const startupMs = Date.now() - runStartedAt;
    let serverState: RunView['server'] = 'up';
    cleanups.push(() => server.kill());
    const proxy = await startFaultProxy(server.url, seededRandom(options.seed ^ 0x0fa17));
    cleanups.push(() => proxy.close());

    say(`vcconn demo: ${options.nodes} nodes, ${options.tasks} tasks, ${options.durationMs / 1000} s timeline, seed ${options.seed}`);
    say(`  server ${server.url} (pid ${server.pid}, db ${db}); nodes connect through the fault proxy ${proxy.url}`);
    if (!idempotency) say('  the server ignores Idempotency-Key (--no-idempotency), as the .NET server: no create is repeated after a lost answer');
    if (env.visualizer !== undefined) say(`  visualizer: ${env.visualizer.url}`);
    const metricsPort = env.metricsPort ?? 0;
    const registry = metricsPort === false ? undefined : new Registry();
    let metricsUrl: string | undefined;
    if (registry !== undefined && metricsPort !== false) {
      const metrics = await startMetricsServer(registry, metricsPort);
      cleanups.push(() => metrics.close());
      metricsUrl = metrics.url;
      say(`  metrics: ${metrics.url} (Prometheus text, node label = node id)`);
    }
    for (const line of [...describeNodeSettings(DEMO_NODE_SETTINGS), ...describeSteadyNode(options.nodes)]) say(`  ${line}`);
    say('  timeline:');
    for (const line of describeTimeline(timeline)) say(`    ${line}`);

    const planned = planWorkload(options.seed, options.tasks, options.nodes, options.durationMs);
    await seedTasks(server.url, planned);
    say(`  seeded ${planned.length} tasks (each POST with an Idempotency-Key${idempotency ? '' : ', which this server ignores'})`);

    const nodes = Array.from({ length: options.nodes }, (_, i) => {
      const id = `node-${i + 1}`;
      const inspect = env.visualizer?.observerFor(id);
      const settings = nodeSettingsFor(i, options.nodes);
      return new DemoNode({
        id, baseUrl: proxy.url, settings, ...(inspect === undefined ? {} : { inspect }), ...(registry === undefined ? {} : { registry }),
      });
    });
    cleanups.push(() => Promise.all(nodes.map((node) => node.shutdown(0))).then(() => undefined));
    const tracker = new RecoveryTracker(elapsed, () => nodes.every((node) => node.healthy));
    const reporter: DemoReporter = env.isTTY ? new AnsiDashboard(env.write, { columns: env.columns }) : new PlainLog(env.write);
    cleanups.push(() => reporter.close());
    const note = (text: string): void => reporter.note(text, elapsed());
    // Aborted when the nodes shut down: ends what the run started in the background (switching back).
    const shutdown = new AbortController();
    cleanups.push(() => shutdown.abort());
    const ledger = new NodeLedger(note, () => tracker.linkChanged());
    for (const node of nodes) ledger.watch(node);

    let phase: TimelinePhase = phaseAt(timeline, 0);
    let stage: RunView['stage'] = 'running';
    const view = (): RunView => ({
      seed: options.seed, elapsedMs: elapsed(), durationMs: options.durationMs, phase, stage, server: serverState,
      tasksTotal: options.tasks, tasksDone: ledger.tasksDone, nodes: nodes.map((node) => node.view()),
      ...(env.visualizer === undefined ? {} : { visualizerUrl: env.visualizer.url }),
      ...(metricsUrl === undefined ? {} : { metricsUrl }),
    });
    const viewTimer = setInterval(() => reporter.update(view()), VIEW_MS);
    cleanups.push(() => clearInterval(viewTimer));
    timelineStartedAt = Date.now();
    reporter.update(view());
    for (const node of nodes) node.start();

    await playTimeline(timeline, {
      setFault: (fault) => proxy.setFault(fault),
      killServer: async () => {
        serverState = 'down';
        await server.kill();
      },
      restartServer: async () => {
        serverState = 'restarting';
        server = await startServerProcess({ db, port: server.port, launch: env.launch, idempotency });
        serverState = 'up';
      },
      restartLeadMs: () => startupMs,
      phaseStarted: (next) => {
        phase = next;
        if (next.fault !== null) tracker.faultStarted();
        if (next.kind === 'recovery') {
          for (const node of nodes) void node.returnToEnhanced(SWITCH_BACK_ATTEMPTS, SWITCH_BACK_WAIT_MS, shutdown.signal);
        }
      },
      faultEnded: (ended) => tracker.faultEnded(ended),
      note,
    }, { elapsed, sleep }, signal);

    stage = 'finishing';
    const capMs = Math.max(20_000, options.durationMs / 2);
    const finishedInTime = await waitForTheEnd(server.url, options.tasks, () => tracker.pending, capMs, signal);
    note(finishedInTime ? 'every task is terminal on the server' : 'hard cap reached: stopping with tasks still open');
    shutdown.abort();
    await Promise.all(nodes.map((node) => node.shutdown(GRACE_MS)));
    reporter.update(view());
    reporter.close();
    clearInterval(viewTimer);
    await proxy.close();
    await server.stop();

    const record = await readServerRecord(db);
    const audit = auditRun({ seededNames: planned.map((task) => task.name), ...record, delivered: ledger.delivered, abandoned: ledger.abandoned });
    return buildSummary({
      audit,
      recoveries: tracker.results(),
      nodes: nodes.map((node) => node.view()),
      tasks: options.tasks,
      seed: options.seed,
      durationMs: options.durationMs,
      serverIdempotency: idempotency,
      elapsedMs: Date.now() - runStartedAt,
      finishedInTime,
      proxy: proxy.counters(),
    });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await env.visualizer?.close?.();
  }
}

/**
 * Polls the server (directly, not through the proxy) until every task is terminal and the last recovery has been
 * timed, or `capMs` passes, or `signal` aborts. Resolves whether every task was terminal.
 */
async function waitForTheEnd(serverUrl: string, tasks: number, recovering: () => boolean, capMs: number, signal: AbortSignal): Promise<boolean> {
  const api = new EnhancedApiClient(serverUrl);
  const deadline = Date.now() + capMs;
  let terminal = 0;
  try {
    for (;;) {
      terminal = await api.getTasks().then((all) => all.filter((task) => TERMINAL.has(task.status)).length, () => terminal);
      if ((terminal >= tasks && !recovering()) || Date.now() >= deadline) break;
      if (!(await sleep(Math.min(POLL_MS, deadline - Date.now()), signal))) break;
    }
    return terminal >= tasks;
  } finally {
    await api.dispose();
  }
}
