import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { ClientType } from '../../machines/types.js';
import type { ConnectionHealthStatus } from '../api/ApiClient.js';
import type { ConnectionOptions } from '../config/types.js';
import { BrokenCircuitError } from '../errors/BrokenCircuitError.js';
import type { ConnectionClock } from '../manager/options.js';
import { integerIn } from './demo.js';
import { clientCircuit, ownCircuit } from './healthCircuit.js';
import type { DashboardCircuit } from './healthCircuit.js';
import { failureOfProbe, parseProbe, probeText, runProbe } from './healthProbe.js';
import type { ProbeCall } from './healthProbe.js';
import type { CliIo } from './io.js';
import { parsePositiveSeconds } from './optionParsers.js';

interface HealthFlags {
  interval: number;
  count?: number;
  standard?: boolean;
  config?: string;
  metrics?: boolean;
  probe?: ProbeCall;
}

/** The default of `--interval`, in seconds: the seed dashboard's 30 s. */
export const DEFAULT_HEALTH_INTERVAL_SECONDS = 30;

/** What `vcconn health` needs from the outside world; tests replace it. */
export interface HealthDependencies {
  /** The Connection section of a folder's appsettings files. */
  loadConnection(directory: string): Promise<Partial<ConnectionOptions>>;
  /** Waits `ms`; resolves false when `signal` aborted first. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
  /** Wall clock for the line's time stamp. */
  now(): Date;
  /** Calls `handler` on Ctrl-C; returns the unsubscribe function. */
  onInterrupt(handler: () => void): () => void;
  /**
   * The XState clock of the dashboard's actors (its ConnectionManager, the clients' breakers, its own breaker), with
   * the epoch ms their events carry; default: real timers and `Date.now`. Tests pass a `SimulatedClock`.
   */
  readonly clock?: ConnectionClock & { now(): number };
}

/** The real settings loader, timers, clock and Ctrl-C. */
export const defaultHealthDependencies: HealthDependencies = {
  loadConnection: async (directory) => (await import('../config/loadSettings.js')).loadSettings({ directory }).connection,
  sleep: async (ms, signal) => (await import('../demo/playTimeline.js')).sleep(ms, signal),
  now: () => new Date(),
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    return () => {
      process.removeListener('SIGINT', handler);
    };
  },
};

const CIRCUIT_NAMES: Readonly<Record<BreakerStateName, string>> = { closed: 'CLOSED', open: 'OPEN', halfOpen: 'HALF-OPEN', isolated: 'ISOLATED' };

/** The Circuit column: the state the tick's call met and, when the call changed it, the state after (`HALF-OPEN -> OPEN`). */
export function circuitText(before: BreakerStateName | undefined, after: BreakerStateName | undefined): string {
  const name = (state: BreakerStateName | undefined) => (state === undefined ? 'NONE' : CIRCUIT_NAMES[state]);
  return before === after ? name(after) : `${name(before)} -> ${name(after)}`;
}

/**
 * An absolute http(s) URL, for the `<url>` argument.
 * @throws {@link InvalidArgumentError} naming what is wrong.
 */
export function parseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError(`"${text}" is not an absolute URL (e.g. http://localhost:5289).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`"${text}" must use http or https.`);
  return text.replace(/\/+$/, '');
}

/** What a dashboard line shows besides the health answer. */
export interface HealthLineExtras {
  /** The Circuit column, see {@link circuitText}. */
  readonly circuit: string;
  /** The ConnectionManager's link state: healthy, degraded, recovering or offline. */
  readonly link: string;
  /** The client the calls go through now: enhanced or standard. */
  readonly client: string;
  /** The `--probe` call's outcome, when there is one. */
  readonly probe?: string;
}

/**
 * One line of the seed's connection health dashboard, with the link and the client:
 * `[14:03:07] Healthy: true, Response: 3ms, Circuit: CLOSED, Server: 0.1.0, Link: healthy, Client: enhanced`
 * (then `Probe: HTTP 503` with `--probe`, and the error when unhealthy).
 */
export function formatHealthLine(at: Date, health: ConnectionHealthStatus, extras: HealthLineExtras): string {
  const time = [at.getHours(), at.getMinutes(), at.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
  const parts = [
    `Healthy: ${health.isHealthy}`,
    `Response: ${Math.round(health.responseTimeMs)}ms`,
    `Circuit: ${extras.circuit}`,
    `Server: ${health.serverVersion === '' ? 'unknown' : health.serverVersion}`,
    `Link: ${extras.link}`,
    `Client: ${extras.client}`,
  ];
  if (extras.probe !== undefined) parts.push(`Probe: ${extras.probe}`);
  if (!health.isHealthy && health.lastError !== null) parts.push(`Error: ${health.lastError}`);
  return `[${time}] ${parts.join(', ')}`;
}

/** The header: what is probed, how often, and whose breaker the Circuit column shows. */
function headerLines(url: string, flags: HealthFlags, type: ClientType, circuit: DashboardCircuit): string {
  const every = flags.interval === DEFAULT_HEALTH_INTERVAL_SECONDS
    ? `every ${flags.interval} s (the default; --interval to change, e.g. 0.5)`
    : `every ${flags.interval} s`;
  const until = flags.count === undefined ? 'until Ctrl-C' : `${flags.count} time(s)`;
  const calls = flags.probe === undefined ? 'GET api/health' : `${flags.probe.label} and GET api/health`;
  return [
    `vcconn health ${url}: ${calls} ${every}, ${until}, through a ConnectionManager (${type} client first; Link is its link state)`,
    `Circuit: ${circuit.description}`,
  ].map((line) => `${line}\n`).join('');
}

/**
 * Adds `vcconn health <url>`: the seed's connection health dashboard against any VCDevTool server. A
 * ConnectionManager (Enhanced client first; `--standard` for the Standard one) probes `GET api/health` once per
 * `--interval` (`checkHealthNow()`; its own monitor is slowed right down) and a line is printed each time with the
 * link state and the client type; stops after `--count` probes or on Ctrl-C. Health probes bypass a client's
 * breaker, so the Circuit column is either the client's breaker moved by a real call per tick (`--probe
 * api/tasks`, made without retries) or a breaker of the dashboard's own fed with each probe's outcome; the header
 * says which. Exit code 0 when the last probe was healthy, 1 when not. `--metrics` prints the manager's
 * Prometheus metrics (`vcconn_*`, node `vcconn-health`) after the last line.
 */
export function registerHealthCommand(program: Command, io: CliIo, dependencies: HealthDependencies = defaultHealthDependencies): void {
  program
    .command('health')
    .description("the seed's connection health dashboard: a line per interval with health, response time, circuit state, server version, link state and client")
    .argument('<url>', 'the server, e.g. http://localhost:5289', parseServerUrl)
    .addOption(new Option('-i, --interval <seconds>', 'time between probes; fractions allowed (0.5)').default(DEFAULT_HEALTH_INTERVAL_SECONDS).argParser(parsePositiveSeconds))
    .addOption(new Option('-n, --count <n>', 'stop after this many probes (default: until Ctrl-C)').argParser(integerIn(1, 1_000_000)))
    .addOption(new Option('--probe <call>', 'also make this real API call each tick, and show the breaker it moves: api/tasks, api/nodes, api/nodes/all or api/filelocks').argParser(parseProbe))
    .option('--standard', 'start with the Standard client instead of the Enhanced one')
    .option('-c, --config <dir>', 'use the Connection settings of the appsettings files in this folder')
    .option('--metrics', 'after the probes, print their Prometheus metrics (health check durations, breaker state)')
    .action(async (url: string, flags: HealthFlags) => {
      const loaded = flags.config === undefined ? {} : await dependencies.loadConnection(flags.config);
      await runDashboard(url, flags, loaded, io, dependencies);
    });
}

async function runDashboard(url: string, flags: HealthFlags, loaded: Partial<ConnectionOptions>, io: CliIo, dependencies: HealthDependencies): Promise<void> {
  const [{ ConnectionManager }, { parseConnectionOptions }] = await Promise.all([
    import('../manager/ConnectionManager.js'), import('../config/parseConnectionOptions.js'),
  ]);
  // One request per tick: with retries a tick would be several calls and the breaker's count would not match the lines.
  const connection = parseConnectionOptions({
    ...loaded, maxRetryAttempts: 0, degradedHealthCheckIntervalSeconds: QUIET_MONITOR_SECONDS,
  });
  const type: ClientType = flags.standard === true ? 'standard' : 'enhanced';
  const registry = flags.metrics === true ? new (await import('prom-client')).Registry() : undefined;
  const { clock } = dependencies;
  const now = clock === undefined ? Date.now : () => clock.now();
  const manager = new ConnectionManager({
    baseUrl: url,
    connection,
    // The dashboard's ticks probe (checkHealthNow); the monitor's own timer is pushed out of the way.
    apiSettings: { healthCheckIntervalMinutes: QUIET_MONITOR_SECONDS / 60 },
    useEnhancedClient: type === 'enhanced',
    networkWatch: false,
    now,
    nodeId: 'vcconn-health',
    ...(clock === undefined ? {} : { clock }),
    ...(registry === undefined ? {} : { metrics: { registry } }),
  });
  const probe = flags.probe;
  const circuit = probe !== undefined && type === 'enhanced'
    ? clientCircuit(() => manager.circuitState, probe.label, connection)
    : ownCircuit(connection, probe === undefined ? 'each GET api/health probe (health probes bypass the client\'s breaker)' : `the outcome of ${probe.label}`, { clock, now });
  io.stdout(headerLines(url, flags, type, circuit));
  const controller = new AbortController();
  const stopListening = dependencies.onInterrupt(() => controller.abort());
  let healthy = false;
  try {
    for (let tick = 1; flags.count === undefined || tick <= flags.count; tick += 1) {
      const before = circuit.state();
      let probeOutcome: string | undefined;
      if (probe !== undefined) {
        const admitted = circuit.admit();
        const error = admitted ? await runProbe(manager.client, probe) : new BrokenCircuitError(0, probe.operation);
        if (admitted) circuit.report(error === null ? null : failureOfProbe(error));
        probeOutcome = probeText(error);
      }
      const counted = probe === undefined && circuit.admit();
      const health = await manager.checkHealthNow();
      if (counted) circuit.report(health.isHealthy ? null : { kind: 'network', transient: true, message: health.lastError ?? 'unhealthy' });
      healthy = health.isHealthy;
      const extras = { circuit: circuitText(before, circuit.state()), link: manager.status.link, client: manager.currentClientType };
      io.stdout(`${formatHealthLine(dependencies.now(), health, probeOutcome === undefined ? extras : { ...extras, probe: probeOutcome })}\n`);
      if (tick === flags.count || !(await dependencies.sleep(flags.interval * 1000, controller.signal))) break;
    }
  } finally {
    stopListening();
    circuit.stop();
    try {
      // Before dispose: the breaker gauge follows a live client.
      if (registry !== undefined) io.stdout(await registry.metrics());
    } finally {
      await manager.dispose();
    }
  }
  if (!healthy) throw new Error(`${url} was not healthy at the last check`);
}

/** The monitor's own intervals in the dashboard (the largest DegradedHealthCheckIntervalSeconds allows): the ticks probe. */
const QUIET_MONITOR_SECONDS = 3600;
