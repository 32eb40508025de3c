import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { ApiClient, ConnectionHealthStatus } from '../api/ApiClient.js';
import type { ConnectionOptions } from '../config/types.js';
import type { Instrumentation } from '../metrics/types.js';
import { integerIn } from './demo.js';
import type { CliIo } from './io.js';
import { parsePositiveSeconds } from './optionParsers.js';

interface HealthFlags {
  interval: number;
  count?: number;
  standard?: boolean;
  config?: string;
  metrics?: boolean;
}

/** The client `vcconn health` probes through, and its breaker when it has one. */
export interface HealthClient {
  readonly api: ApiClient;
  /** The breaker's state now; undefined for a client without one (the Standard client). */
  circuitState(): BreakerStateName | undefined;
}

/** What `vcconn health` needs from the outside world; tests replace it. */
export interface HealthDependencies {
  /** @param instrumentation given with `--metrics`: the client reports its probes to it. */
  createClient(
    url: string, type: 'enhanced' | 'standard', connection: Partial<ConnectionOptions>, instrumentation?: Instrumentation,
  ): Promise<HealthClient>;
  /** The Connection section of a folder's appsettings files. */
  loadConnection(directory: string): Promise<Partial<ConnectionOptions>>;
  /** Waits `ms`; resolves false when `signal` aborted first. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
  /** Wall clock for the line's time stamp. */
  now(): Date;
  /** Calls `handler` on Ctrl-C; returns the unsubscribe function. */
  onInterrupt(handler: () => void): () => void;
}

/** The real clients, settings loader, timers, clock and Ctrl-C. */
export const defaultHealthDependencies: HealthDependencies = {
  createClient: async (url, type, connection, instrumentation) => {
    if (type === 'standard') {
      const { StandardApiClient } = await import('../clients/StandardApiClient.js');
      const seconds = connection.healthCheckTimeoutSeconds;
      return {
        api: new StandardApiClient(url, { ...(seconds === undefined ? {} : { healthTimeoutMs: seconds * 1000 }), instrumentation }),
        circuitState: () => undefined,
      };
    }
    const { EnhancedApiClient } = await import('../clients/EnhancedApiClient.js');
    const api = new EnhancedApiClient(url, { connection, instrumentation });
    return { api, circuitState: () => api.circuitState };
  },
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

/**
 * One line of the seed's connection health dashboard:
 * `[14:03:07] Healthy: true, Response: 3ms, Circuit: CLOSED, Server: 0.1.0` (and the error when unhealthy).
 */
export function formatHealthLine(at: Date, health: ConnectionHealthStatus, circuit: BreakerStateName | undefined): string {
  const time = [at.getHours(), at.getMinutes(), at.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
  const state = circuit === undefined ? (health.circuitBreakerOpen ? 'OPEN' : 'NONE') : CIRCUIT_NAMES[circuit];
  const parts = [
    `Healthy: ${health.isHealthy}`,
    `Response: ${Math.round(health.responseTimeMs)}ms`,
    `Circuit: ${state}`,
    `Server: ${health.serverVersion === '' ? 'unknown' : health.serverVersion}`,
  ];
  if (!health.isHealthy && health.lastError !== null) parts.push(`Error: ${health.lastError}`);
  return `[${time}] ${parts.join(', ')}`;
}

/**
 * Adds `vcconn health <url>`: the seed's connection health dashboard against any VCDevTool server. Probes
 * `GET api/health` through the Enhanced client (its breaker included; `--standard` for the Standard client) every
 * `--interval` seconds and prints a line each time; stops after `--count` probes or on Ctrl-C. Exit code 0 when
 * the last probe was healthy, 1 when not. `--metrics` prints the probes' Prometheus metrics (`vcconn_*`, node
 * `vcconn-health`) after the last line.
 */
export function registerHealthCommand(program: Command, io: CliIo, dependencies: HealthDependencies = defaultHealthDependencies): void {
  program
    .command('health')
    .description("the seed's connection health dashboard: a line per interval with health, response time, circuit state, server version")
    .argument('<url>', 'the server, e.g. http://localhost:5289', parseServerUrl)
    .addOption(new Option('-i, --interval <seconds>', 'time between probes').default(30).argParser(parsePositiveSeconds))
    .addOption(new Option('-n, --count <n>', 'stop after this many probes (default: until Ctrl-C)').argParser(integerIn(1, 1_000_000)))
    .option('--standard', 'probe through the Standard client instead of the Enhanced one')
    .option('-c, --config <dir>', 'use the Connection settings of the appsettings files in this folder')
    .option('--metrics', 'after the probes, print their Prometheus metrics (health check durations, breaker state)')
    .action(async (url: string, flags: HealthFlags) => {
      const connection = flags.config === undefined ? {} : await dependencies.loadConnection(flags.config);
      const type = flags.standard === true ? 'standard' : 'enhanced';
      const metrics = flags.metrics === true ? await healthMetrics() : undefined;
      const client = metrics === undefined
        ? await dependencies.createClient(url, type, connection)
        : await dependencies.createClient(url, type, connection, metrics.instrumentation);
      const controller = new AbortController();
      const stopListening = dependencies.onInterrupt(() => controller.abort());
      let healthy = false;
      try {
        for (let probe = 1; flags.count === undefined || probe <= flags.count; probe += 1) {
          const health = await client.api.getConnectionHealth();
          healthy = health.isHealthy;
          io.stdout(`${formatHealthLine(dependencies.now(), health, client.circuitState())}\n`);
          if (probe === flags.count || !(await dependencies.sleep(flags.interval * 1000, controller.signal))) break;
        }
      } finally {
        stopListening();
        try {
          // Before dispose: the breaker gauge follows a live client.
          if (metrics !== undefined) io.stdout(await metrics.text());
        } finally {
          await client.api.dispose();
        }
      }
      if (!healthy) throw new Error(`${url} was not healthy at the last check`);
    });
}

/** The `--metrics` registry and the instrumentation the probing client reports to; loaded only when asked for. */
async function healthMetrics(): Promise<{ instrumentation: Instrumentation; text(): Promise<string> }> {
  const [{ Registry }, { ConnectionInstrumentation }, { ConnectionMetrics }] = await Promise.all([
    import('prom-client'), import('../metrics/ConnectionInstrumentation.js'), import('../metrics/ConnectionMetrics.js'),
  ]);
  const registry = new Registry();
  const instrumentation = new ConnectionInstrumentation('vcconn-health', ConnectionMetrics.of(registry), undefined);
  return { instrumentation, text: () => registry.metrics() };
}
