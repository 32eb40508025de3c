import type { ActorOptions, AnyActorLogic } from 'xstate';
import type { BreakerState } from '../../machines/breaker/types.js';
import type { ConnectionSettings } from '../../machines/connection/types.js';
import { connectionSettingsFrom } from '../../machines/settings.js';
import type { ClientType } from '../../machines/types.js';
import type { ApiClient } from '../api/ApiClient.js';
import { defaultApiSettings } from '../config/defaults.js';
import { parseConnectionOptions } from '../config/parseConnectionOptions.js';
import type { ApiSettings, ConnectionOptions } from '../config/types.js';
import type { TlsOptions } from '../http/ConnectionPool.js';
import { endpointSetFrom } from '../endpoints/EndpointSet.js';
import type { EndpointSet } from '../endpoints/EndpointSet.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { CategoryLogger } from '../logging/categoryLogger.js';
import type { LoggerFactory } from '../logging/createLogger.js';
import type { MetricsOptions, TracingOptions } from '../metrics/createInstrumentation.js';
import type { Instrumentation } from '../metrics/types.js';
import type { NetworkWatchOptions } from './networkWatch.js';

/** What a connection hands its {@link ClientFactory} besides the type and the address. */
export interface ClientFactoryContext {
  /**
   * The connection's instrumentation (from its `metrics` / `tracing` options), or undefined: pass it as the
   * clients' `instrumentation` option so their calls are counted under the connection's `node`.
   */
  readonly instrumentation: Instrumentation | undefined;
  /**
   * The breaker state to resume from (from the connection's `stateFile`), for the first client only: pass it as
   * the Enhanced client's `restoredBreaker` option. Undefined for a fresh start and for later clients.
   */
  readonly restoredBreaker?: BreakerState;
  /**
   * Set when the client is one endpoint's of a set (several servers): its URL. The default factory names the
   * client's breaker after it (`circuitBreaker <url>`, password redacted), so the visualizer tells them apart.
   */
  readonly endpoint?: string;
}

/**
 * Builds the client of `type` for `baseUrl`; the connection tests it before it takes over. Over several servers it
 * is called once per endpoint (`baseUrl` that endpoint's URL, `context.endpoint` set) and the connection puts the
 * clients together in a MultiEndpointClient.
 */
export type ClientFactory = (type: ClientType, baseUrl: string, context?: ClientFactoryContext) => ApiClient;

/** XState's clock (`setTimeout`/`clearTimeout`), e.g. a `SimulatedClock` in tests. */
export type ConnectionClock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

/** An XState inspection observer (`createActor(..., { inspect })`), e.g. the visualizer's relay. */
export type ConnectionInspector = NonNullable<ActorOptions<AnyActorLogic>['inspect']>;

/**
 * Options of a {@link ConnectionManager} (and of a {@link ConnectionRuntime}). Only `baseUrl` is required, unless
 * `apiSettings.baseUrls` or `apiSettings.endpoints` names the servers.
 */
export interface ConnectionManagerOptions {
  /**
   * Task server address, e.g. `http://localhost:5289`. Wins over `apiSettings.baseUrl`. May be left out when
   * `apiSettings.baseUrls` or `apiSettings.endpoints` lists the servers (the list wins over it anyway); it is then
   * the list's first URL.
   */
  baseUrl?: string;
  /** The `Connection` section; missing keys take their defaults. */
  connection?: Partial<ConnectionOptions>;
  /**
   * The `ApiSettings` section (`enableAutoRecovery`, `healthCheckIntervalMinutes`, `useEnhancedClient`). When its
   * `baseUrls` or `endpoints` name more than one server, or `discoveryDomain` is set, the connection works over that
   * set (see {@link ResolvedConnectionManagerOptions.endpointSet}); a list wins over `baseUrl` then.
   */
  apiSettings?: Partial<ApiSettings>;
  /** Start with the Enhanced client. Wins over `apiSettings.useEnhancedClient`. Default true. */
  useEnhancedClient?: boolean;
  /** Where the connection and its clients log (`createLogger(...)`). Default: nowhere. */
  logger?: LoggerFactory;
  /**
   * Headers the default factory's clients send on every request (e.g. `Authorization`); redacted in logs.
   * Ignored when `createClient` is given: that factory builds its clients as it likes.
   */
  headers?: Readonly<Record<string, string>>;
  /** Trusted CA, client certificate and verification for an https `baseUrl`, for the default factory's clients. */
  tls?: TlsOptions;
  /** Builds clients; default: the Standard or Enhanced client configured from `connection`. */
  createClient?: ClientFactory;
  /** The clock the actors' timers run on (health interval, probe timeout, recovery backoff). Default: real timers. */
  clock?: ConnectionClock;
  /** Epoch ms for event times. Default: the clock's `now()` when it has one (SimulatedClock), else `Date.now`. */
  now?: () => number;
  /** Receives XState inspection events of the whole actor system. */
  inspect?: ConnectionInspector;
  /**
   * Prometheus metrics (`vcconn_*`) of this connection and its clients, labelled `node` = {@link nodeId}: `true`
   * for the library's default registry (`defaultMetricsRegistry()`), or `{ registry }`. Registered once per
   * registry whatever the number of connections; `dispose()` removes this connection's series. Default: off.
   */
  metrics?: boolean | MetricsOptions;
  /**
   * OpenTelemetry spans, one CLIENT span `vcconn.<operation>` per call with an event per attempt: `true` for the
   * global tracer (a no-op until the host registers an SDK), or `{ tracer }`. Default: off.
   */
  tracing?: boolean | TracingOptions;
  /**
   * The `node` label of the metrics and the `vcconn.node.id` span attribute, e.g. the worker's node id; unique per
   * registry among live connections. Default `vcconn-<n>`.
   */
  nodeId?: string;
  /**
   * Probe health at once when the machine's network addresses change (a VPN coming up or going down), read every
   * `intervalMs` (default 5000) from `os.networkInterfaces()`, rather than wait for the next health interval.
   * `false` turns the watch off. Default on.
   */
  networkWatch?: NetworkWatchOptions | false;
  /**
   * A JSON file that keeps the connection's state across process restarts: the current client's breaker (state,
   * when it opened, the grown break, the window's counts), the link and the client type. Restored at start with
   * the current settings (an open breaker stays open for what is left of its break, by the wall clock); saved,
   * atomically, on every breaker or link transition (coalesced: one write at a time, the latest state) and at
   * `dispose()`. A missing file means nothing to restore; a corrupt or foreign one makes the constructor throw
   * `StateFileError` naming it. A failed save is logged and changes nothing else. Default: none.
   */
  stateFile?: string;
  /**
   * Probe health as soon as the connection is attached (the manager: at construction) rather than only after
   * `HealthCheckIntervalMinutes`, so `lastHealthStatus` and the server's `Idempotency-Key` support are known at
   * once: one `GET api/health`. Default false (the original probed only on its timer).
   */
  checkHealthAtStart?: boolean;
}

/** The logger calls the connection makes. */
export type ConnectionLog = Pick<CategoryLogger, 'debug' | 'info' | 'warn' | 'error'>;

/** Log category of the connection (manager and runtime). */
export const CONNECTION_LOG_CATEGORY = 'VCDevTool.Client.Services.ConnectionManager';

const silentLog: ConnectionLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** {@link ConnectionManagerOptions} checked and completed. */
export interface ResolvedConnectionManagerOptions {
  readonly baseUrl: string;
  readonly connection: ConnectionOptions;
  readonly apiSettings: ApiSettings;
  /** The connection machine's settings, in ms. */
  readonly settings: ConnectionSettings;
  readonly logger: LoggerFactory | undefined;
  readonly log: ConnectionLog;
  readonly createClient: ClientFactory | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly tls: TlsOptions | undefined;
  readonly clock: ConnectionClock | undefined;
  readonly now: () => number;
  readonly inspect: ConnectionInspector | undefined;
  readonly networkWatch: NetworkWatchOptions | false;
  readonly stateFile: string | undefined;
  readonly checkHealthAtStart: boolean;
  /**
   * The servers the connection works over when `apiSettings` names more than one (`baseUrls`, `endpoints`) or sets
   * `discoveryDomain`: each client is then a MultiEndpointClient over them. Null for one server (`baseUrl`).
   */
  readonly endpointSet: EndpointSet | null;
}

function clockNow(clock: ConnectionClock | undefined): (() => number) | undefined {
  const now: unknown = (clock as { now?: unknown } | undefined)?.now;
  return typeof now === 'function' ? () => Number(now.call(clock)) : undefined;
}

function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
    throw new InvalidArgumentError('ConnectionManager', 'baseUrl', `expected an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InvalidArgumentError('ConnectionManager', 'baseUrl', `"${baseUrl}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('ConnectionManager', 'baseUrl', `"${baseUrl}" must use http or https`);
  }
  return baseUrl;
}

/** The first server a list in `apiSettings` names (BaseUrls, else Endpoints), when `baseUrl` is left out. */
function firstListed(apiSettings: Partial<ApiSettings> | undefined): unknown {
  return apiSettings?.baseUrls?.[0] ?? apiSettings?.endpoints?.[0]?.url;
}

function checkNetworkWatch(watch: NetworkWatchOptions | false | undefined): NetworkWatchOptions | false {
  if (watch === undefined || watch === false) return watch ?? {};
  const { intervalMs } = watch;
  if (intervalMs !== undefined && !(Number.isFinite(intervalMs) && intervalMs > 0 && intervalMs <= 2 ** 31 - 1)) {
    throw new InvalidArgumentError('ConnectionManager', 'networkWatch.intervalMs', `expected a positive number of milliseconds, got ${String(intervalMs)}`);
  }
  return watch;
}

function checkStateFile(file: unknown): string | undefined {
  if (file === undefined) return undefined;
  if (typeof file !== 'string' || file.trim() === '') {
    throw new InvalidArgumentError('ConnectionManager', 'stateFile', `expected a file path, got ${JSON.stringify(file)}`);
  }
  return file;
}

/**
 * The connection machine's settings. Over several servers the health monitor waits a quarter longer (at least
 * 250 ms more) than `HealthCheckTimeoutSeconds`: the set's probe asks every endpoint at once, each bounded by that
 * timeout, and an endpoint that never answers (blackholed) must be reported unhealthy before the monitor gives up
 * on the whole set, which the healthy endpoints keep healthy.
 */
function machineSettingsOf(connection: ConnectionOptions, apiSettings: ApiSettings, set: EndpointSet | null): ConnectionSettings {
  const settings = connectionSettingsFrom(connection, apiSettings);
  if (set === null) return settings;
  const { timeoutMs } = settings.health;
  return { ...settings, health: { ...settings.health, timeoutMs: timeoutMs + Math.max(250, timeoutMs / 4) } };
}

/** The endpoint set of the settings when they name several servers or a discovery domain; null for one server. */
function endpointSetOf(apiSettings: ApiSettings): EndpointSet | null {
  // One server (the usual case) never builds a set: nothing changes on its path.
  if ((apiSettings.baseUrls ?? apiSettings.endpoints ?? apiSettings.discoveryDomain ?? null) === null) return null;
  const set = endpointSetFrom(apiSettings);
  return set.endpoints.length > 1 || set.discovery !== null ? set : null;
}

/**
 * Checks and completes the options.
 * @throws {@link InvalidArgumentError} for a missing (and no list in `apiSettings`) or non-http(s) `baseUrl`, a bad `networkWatch.intervalMs` or `stateFile`.
 * @throws {@link ConfigError} for a bad `connection` value, or a bad endpoint list in `apiSettings`.
 * @throws {@link InvalidMachineSettingsError} for a bad `apiSettings` value, naming the key.
 */
export function resolveConnectionManagerOptions(options: ConnectionManagerOptions): ResolvedConnectionManagerOptions {
  const baseUrl = checkBaseUrl(options.baseUrl ?? firstListed(options.apiSettings));
  const connection = parseConnectionOptions(options.connection ?? {});
  const apiSettings: ApiSettings = {
    ...defaultApiSettings,
    ...options.apiSettings,
    baseUrl,
    ...(options.useEnhancedClient === undefined ? {} : { useEnhancedClient: options.useEnhancedClient }),
  };
  const endpointSet = endpointSetOf(apiSettings);
  return {
    baseUrl,
    connection,
    apiSettings,
    settings: machineSettingsOf(connection, apiSettings, endpointSet),
    logger: options.logger,
    log: options.logger?.forCategory(CONNECTION_LOG_CATEGORY) ?? silentLog,
    createClient: options.createClient,
    headers: options.headers,
    tls: options.tls,
    clock: options.clock,
    now: options.now ?? clockNow(options.clock) ?? Date.now,
    inspect: options.inspect,
    networkWatch: checkNetworkWatch(options.networkWatch),
    stateFile: checkStateFile(options.stateFile),
    checkHealthAtStart: options.checkHealthAtStart === true,
    endpointSet,
  };
}
