import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { DemoVisualizer } from '../demo/inspectHook.js';
import { visualizerOf } from '../demo/inspectHook.js';
import { DEFAULT_DEMO_OPTIONS } from '../demo/options.js';
import type { DemoOptions } from '../demo/options.js';
import type { DemoEnvironment } from '../demo/runDemo.js';
import type { DemoSummary } from '../demo/summary.js';
import { formatSummary, isCleanRun } from '../demo/summary.js';
import type { OfflineOptions } from '../demo/offline/options.js';
import type { OfflineEnvironment } from '../demo/offline/runOfflineScenario.js';
import type { OfflineSummary } from '../demo/offline/summary.js';
import { formatOfflineSummary, isCleanOfflineRun } from '../demo/offline/summary.js';
import type { EndpointsOptions } from '../demo/endpoints/options.js';
import type { EndpointsEnvironment } from '../demo/endpoints/runEndpointsScenario.js';
import type { EndpointsSummary } from '../demo/endpoints/summary.js';
import { formatEndpointsSummary, isCleanEndpointsRun } from '../demo/endpoints/summary.js';
import { UnknownScenarioError } from '../errors/UnknownScenarioError.js';
import type { CliIo } from './io.js';
import { parsePort } from './optionParsers.js';

interface DemoFlags {
  scenario: string;
  nodes: number;
  tasks: number;
  duration: number;
  seed: number;
  json?: boolean;
  /** False with `--no-visualize`. */
  visualize: boolean;
  visualizePort: number;
  /** False with `--no-metrics`. */
  metrics: boolean;
  metricsPort: number;
  /** False with `--no-idempotency`. */
  idempotency: boolean;
}

/** What `vcconn demo` needs from the outside world; tests replace it. */
export interface DemoDependencies {
  run(options: Partial<DemoOptions>, env: DemoEnvironment): Promise<DemoSummary>;
  /** Runs the offline scenario (`--scenario offline`). */
  runOffline(options: Partial<OfflineOptions>, env: OfflineEnvironment): Promise<OfflineSummary>;
  /** Runs the several-servers scenario (`--scenario endpoints`). */
  runEndpoints(options: Partial<EndpointsOptions>, env: EndpointsEnvironment): Promise<EndpointsSummary>;
  /** Whether stdout is a terminal (the live dashboard) and how wide. */
  terminal(): { isTTY: boolean; columns?: number };
  /** Calls `handler` on Ctrl-C; returns the unsubscribe function. */
  onInterrupt(handler: () => void): () => void;
  /**
   * Starts the visualizer on 127.0.0.1:`port` (0: a free port) and returns its hook: each node's actors report
   * to `observerFor(nodeId)`, its URL is printed at the start, `close()` runs after the summary. Not called with
   * `--no-visualize`.
   */
  startVisualizer(port: number): Promise<DemoVisualizer>;
}

const defaultDependencies: DemoDependencies = {
  // Imported on use, so other commands never load the demo (or, through it, the server's database driver).
  run: async (options, env) => (await import('../demo/runDemo.js')).runDemo(options, env),
  runOffline: async (options, env) => (await import('../demo/offline/runOfflineScenario.js')).runOfflineScenario(options, env),
  runEndpoints: async (options, env) => (await import('../demo/endpoints/runEndpointsScenario.js')).runEndpointsScenario(options, env),
  terminal: () => ({ isTTY: process.stdout.isTTY === true, columns: process.stdout.columns }),
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    return () => {
      process.removeListener('SIGINT', handler);
    };
  },
  startVisualizer: async (port) => visualizerOf(await (await import('../inspect/index.js')).startInspector({ port })),
};

/** The demo's scenarios: the fault timeline (`npm start`), the offline outbox story, and several servers with failover. */
export const DEMO_SCENARIOS = ['faults', 'offline', 'endpoints'] as const;

/** One of {@link DEMO_SCENARIOS}. */
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

/**
 * The scenario named `text`.
 * @throws {@link UnknownScenarioError} listing the known ones.
 */
export function parseScenario(text: string): DemoScenario {
  const found = DEMO_SCENARIOS.find((name) => name === text.trim().toLowerCase());
  if (found === undefined) throw new UnknownScenarioError(text, DEMO_SCENARIOS);
  return found;
}

/**
 * An integer within `min`..`max`, for a flag.
 * @throws {@link InvalidArgumentError} naming the range.
 */
export function integerIn(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || value < min || value > max) {
      throw new InvalidArgumentError(`Expected an integer from ${min} to ${max}.`);
    }
    return value;
  };
}

/**
 * Adds `vcconn demo` (what `npm start` runs): the reference server, a fault proxy, worker nodes and a seeded
 * fault timeline, with a live dashboard (log lines when stdout is not a terminal), the visualizer page (its URL
 * printed at the start; `--no-visualize` leaves it out) and a summary. Exits 0 only when no task was lost or
 * duplicated; otherwise 1, naming the count.
 */
export function registerDemoCommand(program: Command, io: CliIo, dependencies: DemoDependencies = defaultDependencies): void {
  program
    .command('demo')
    .description('play the whole story: server, fault proxy, worker nodes, a fault timeline, a live dashboard and a summary')
    .option('--scenario <name>', `what to play: ${DEMO_SCENARIOS.join(', ')} (offline: the server down, a worker killed, every outbox drained; `
      + 'endpoints: three servers on one database, two killed and brought back, the nodes failing over)', 'faults')
    .addOption(new Option('--nodes <n>', 'worker nodes (offline scenario: worker processes, default 3; endpoints: default 3)').default(DEFAULT_DEMO_OPTIONS.nodes).argParser(integerIn(1, 32)))
    .addOption(new Option('--tasks <n>', 'tasks to seed (offline scenario: tasks the desktop clients create, default 60; endpoints: default 60)').default(DEFAULT_DEMO_OPTIONS.tasks).argParser(integerIn(1, 10_000)))
    .addOption(new Option('--duration <seconds>', 'length of the fault timeline; the faults scale to fit (offline scenario: default 30; endpoints: default 40)')
      .default(DEFAULT_DEMO_OPTIONS.durationMs / 1000).argParser(integerIn(10, 3_600)))
    .addOption(new Option('--seed <n>', 'seed of the timeline and the workload: the same seed plays the same timeline')
      .default(DEFAULT_DEMO_OPTIONS.seed).argParser(integerIn(-(2 ** 31), 2 ** 31 - 1)))
    .option('--json', 'print the summary as JSON on the last line')
    .option('--no-visualize', 'run without the live visualizer page')
    .addOption(new Option('--visualize-port <port>', 'port of the visualizer page on 127.0.0.1; 0 picks a free one')
      .default(0).argParser(parsePort))
    .option('--no-metrics', 'run without the Prometheus /metrics endpoint')
    .option('--no-idempotency', 'run the server as the .NET one: it ignores Idempotency-Key, so nodes repeat no create whose answer was lost')
    .addOption(new Option('--metrics-port <port>', 'port of the /metrics endpoint on 127.0.0.1; 0 picks a free one')
      .default(0).argParser(parsePort))
    .action(async (flags: DemoFlags, command: Command) => {
      const scenario = parseScenario(flags.scenario);
      const controller = new AbortController();
      const stopListening = dependencies.onInterrupt(() => {
        if (controller.signal.aborted) {
          // A second Ctrl-C means now: the server child dies with this process (see startServerProcess).
          io.stderr('interrupted again: exiting without the audit\n');
          process.exit(130);
        }
        io.stderr('interrupted: ending the timeline, shutting the nodes down and auditing what was done (Ctrl-C again to quit at once)\n');
        controller.abort();
      });
      try {
        if (scenario === 'offline') {
          await runOffline(flags, command, io, dependencies, controller.signal);
          return;
        }
        if (scenario === 'endpoints') {
          await runEndpoints(flags, command, io, dependencies, controller.signal);
          return;
        }
        const visualizer = flags.visualize ? await dependencies.startVisualizer(flags.visualizePort) : undefined;
        const { isTTY, columns } = dependencies.terminal();
        const summary = await dependencies.run(
          { nodes: flags.nodes, tasks: flags.tasks, durationMs: flags.duration * 1000, seed: flags.seed, idempotency: flags.idempotency },
          {
            write: io.stdout, isTTY, signal: controller.signal,
            metricsPort: flags.metrics ? flags.metricsPort : false,
            ...(columns === undefined ? {} : { columns }),
            ...(visualizer === undefined ? {} : { visualizer }),
          },
        );
        io.stdout(`\n${formatSummary(summary).join('\n')}\n`);
        if (flags.json === true) io.stdout(`${JSON.stringify(summary)}\n`);
        if (!isCleanRun(summary)) {
          throw new Error(`the run lost ${summary.lost} and duplicated ${summary.duplicated} task(s)`);
        }
      } finally {
        stopListening();
      }
    });
}

/** `--scenario offline`: only the flags the user gave are passed (the scenario has defaults of its own). */
async function runOffline(flags: DemoFlags, command: Command, io: CliIo, dependencies: DemoDependencies, signal: AbortSignal): Promise<void> {
  const given = (name: string): boolean => command.getOptionValueSource(name) !== 'default';
  const summary = await dependencies.runOffline({
    ...(given('nodes') ? { workers: flags.nodes } : {}),
    ...(given('tasks') ? { tasks: flags.tasks } : {}),
    ...(given('duration') ? { durationMs: flags.duration * 1000 } : {}),
    seed: flags.seed,
    idempotency: flags.idempotency,
  }, { write: io.stdout, signal });
  io.stdout(`\n${formatOfflineSummary(summary).join('\n')}\n`);
  if (flags.json === true) io.stdout(`${JSON.stringify(summary)}\n`);
  if (!isCleanOfflineRun(summary)) {
    throw new Error(`the offline run lost ${summary.lost}, duplicated ${summary.duplicated} and reordered ${summary.reordered}`);
  }
}

/**
 * `--scenario endpoints`: only the flags the user gave are passed (the scenario has defaults of its own); the
 * visualizer and `/metrics` as for the faults scenario (`--no-visualize`, `--no-metrics`).
 */
async function runEndpoints(flags: DemoFlags, command: Command, io: CliIo, dependencies: DemoDependencies, signal: AbortSignal): Promise<void> {
  const given = (name: string): boolean => command.getOptionValueSource(name) !== 'default';
  const visualizer = flags.visualize ? await dependencies.startVisualizer(flags.visualizePort) : undefined;
  const summary = await dependencies.runEndpoints({
    ...(given('nodes') ? { nodes: flags.nodes } : {}),
    ...(given('tasks') ? { tasks: flags.tasks } : {}),
    ...(given('duration') ? { durationMs: flags.duration * 1000 } : {}),
    seed: flags.seed,
  }, {
    write: io.stdout, signal,
    metricsPort: flags.metrics ? flags.metricsPort : false,
    ...(visualizer === undefined ? {} : { visualizer }),
  });
  io.stdout(`\n${formatEndpointsSummary(summary).join('\n')}\n`);
  if (flags.json === true) io.stdout(`${JSON.stringify(summary)}\n`);
  if (!isCleanEndpointsRun(summary)) {
    throw new Error(`the endpoints run lost ${summary.lost} and duplicated ${summary.duplicated} task(s)`);
  }
}
