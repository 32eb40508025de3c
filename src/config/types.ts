import type { JitterMode } from '../../machines/types.js';
import type { DotnetLogLevel } from './logLevels.js';
import type { LogLevelMap } from './mergeLogLevels.js';
import type { EndpointSettings } from './listKeys.js';

export type { EndpointSettings } from './listKeys.js';

/**
 * The `Connection` section in TypeScript casing. The seed's keys keep the seed's defaults; the keys after
 * `enableJitter` are added by this design. Ranges and meanings: `connectionKeys` and the README's table.
 */
export interface ConnectionOptions {
  /** Timeout of one attempt, seconds. Default 30. */
  readonly defaultTimeoutSeconds: number;
  /** Deadline of a health check, seconds. Default 5. */
  readonly healthCheckTimeoutSeconds: number;
  /** Deadline of a task call, retries included, seconds. Default 60. */
  readonly taskOperationTimeoutSeconds: number;
  /** Deadline of a file-lock call, retries included, seconds. Default 120. */
  readonly fileOperationTimeoutSeconds: number;
  /** Retries after the first failed attempt. Default 3. */
  readonly maxRetryAttempts: number;
  /** First retry delay, ms. Default 1000. */
  readonly baseRetryDelayMs: number;
  /** Cap of one retry delay, ms; at least `baseRetryDelayMs`. Default 30000. */
  readonly maxRetryDelayMs: number;
  /** Failures in the window that open the circuit. Default 5. */
  readonly circuitBreakerFailureThreshold: number;
  /** Breaker window, seconds. Default 60. */
  readonly circuitBreakerSamplingDurationSeconds: number;
  /** Calls the window must hold before the breaker may open. Default 3. */
  readonly circuitBreakerMinimumThroughput: number;
  /** Open time before half-open, seconds. Default 30. */
  readonly circuitBreakerBreakDurationSeconds: number;
  /** Most sockets to the server. Default 10. */
  readonly connectionPoolSize: number;
  /** Longest wait for a free socket, ms. Default 5000. */
  readonly connectionPoolTimeoutMs: number;
  /** Keep-alive socket reuse. Default true. */
  readonly enableConnectionPooling: boolean;
  /** False: the breaker never opens. Default true. */
  readonly enableCircuitBreaker: boolean;
  /** Randomised retry delays. Default true. */
  readonly enableJitter: boolean;
  /** Jitter formula. Default `decorrelated`. */
  readonly jitterMode: JitterMode;
  /** Probe calls let through while half-open. Default 1. */
  readonly circuitBreakerHalfOpenProbes: number;
  /** Share of failed calls (0..1] also needed to open; null = not used. Default null. */
  readonly circuitBreakerFailureRatio: number | null;
  /** Cap of the growing break, seconds; at least `circuitBreakerBreakDurationSeconds`. Default 300. */
  readonly circuitBreakerMaxBreakDurationSeconds: number;
  /** Retry budget bucket size. Default 10. */
  readonly retryBudgetMaxTokens: number;
  /** Tokens a success gives back. Default 0.1. */
  readonly retryBudgetTokenRatio: number;
  /** Cap on a server's Retry-After, seconds. Default 60. */
  readonly retryAfterMaxSeconds: number;
  /** Largest response body, bytes. Default 10485760 (10 MiB). */
  readonly maxResponseBytes: number;
  /** Health-check interval while not healthy, seconds. Default 5. */
  readonly degradedHealthCheckIntervalSeconds: number;
  /** Whether the server honours `Idempotency-Key`. Default `auto`: learned from its health answer. */
  readonly idempotencyKeySupport: IdempotencyKeySupport;
  /** Forward proxy URL; null: `HTTP_PROXY` / `HTTPS_PROXY`. Default null. */
  readonly proxyUrl: string | null;
  /** NO_PROXY patterns; null: `NO_PROXY`. Default null. */
  readonly proxyBypassList: string[] | null;
}

/**
 * `IdempotencyKeySupport`: `auto` trusts the key once a health answer from the server advertised the
 * `idempotency-key` capability (and stops when a later one does not); `always` and `never` decide it here.
 */
export type IdempotencyKeySupport = 'auto' | 'always' | 'never';

/** The `ApiSettings` section in TypeScript casing. */
export interface ApiSettings {
  /** Task server address. Default `http://localhost:5289`. */
  readonly baseUrl: string;
  /** Start with the Enhanced client. Default true. */
  readonly useEnhancedClient: boolean;
  /** Recover automatically when health is lost. Default true. */
  readonly enableAutoRecovery: boolean;
  /** Health-check interval while healthy, minutes. Default 1. */
  readonly healthCheckIntervalMinutes: number;
  /** Several server addresses, most preferred first; null: `baseUrl` alone. Default null. */
  readonly baseUrls: string[] | null;
  /** Several servers with SRV-style priority and weight; null: `baseUrls` or `baseUrl`. Default null. */
  readonly endpoints: EndpointSettings[] | null;
  /** How calls are spread over the endpoints. Default `ordered`. */
  readonly endpointSelection: EndpointSelectionMode;
  /** How long a recovered endpoint must stay healthy before it takes calls again, seconds. Default 30. */
  readonly failbackHoldDownSeconds: number;
  /** Domain whose `_vcdevtool._tcp` SRV records list servers; null: no discovery. Default null. */
  readonly discoveryDomain: string | null;
  /** Interval between SRV lookups, seconds. Default 60. */
  readonly discoveryRefreshSeconds: number;
  /** DNS servers for the SRV lookups; null: the system resolvers. Default null. */
  readonly discoveryDnsServers: string[] | null;
  /** Hedge idempotent GETs over several servers. Default false. */
  readonly hedgeReads: boolean;
  /** Fixed hedge delay, ms; null: the endpoint's observed p95. Default null. */
  readonly hedgeDelayMs: number | null;
}

/** `ApiSettings.EndpointSelection`: `ordered` failover or `balanced` (least outstanding calls per weight). */
export type EndpointSelectionMode = 'ordered' | 'balanced';

/**
 * The `Outbox` section in TypeScript casing: limits of an offline outbox file and how it is delivered.
 * Ranges and meanings: `outboxKeys` and the README's table.
 */
export interface OutboxOptions {
  /** Most entries pending at once; `enqueue` beyond it throws OutboxFullError. Default 10000. */
  readonly maxEntries: number;
  /** Most bytes of pending arguments. Default 67108864 (64 MiB). */
  readonly maxBytes: number;
  /** Age after which a pending entry is dead-lettered (`expired`), hours. Default 168 (7 days). */
  readonly maxAgeHours: number;
  /** Entities delivered at once (each one's entries stay in order). Default 4. */
  readonly maxConcurrentEntities: number;
}

/**
 * `Logging.LogLevel`: `Default` plus category prefixes, each with a .NET level name.
 * Category names keep the casing they were written in; they are matched case-insensitively.
 */
export interface LoggingSettings {
  readonly logLevel: LogLevelMap;
}

/** Something worth telling the operator that does not stop the load. */
export interface ConfigWarning {
  /** `unknownKey`: the key is not one of ours and is ignored; `outsideRecommended`: valid but outside the seed's range. */
  readonly kind: 'unknownKey' | 'outsideRecommended';
  /** Dotted path as written, e.g. `Connection.MaxRetryAttempt`. */
  readonly path: string;
  /** The value (secrets redacted). */
  readonly value: unknown;
  /** One sentence naming the source, the key and what to do. */
  readonly message: string;
  /** The file, `environment variable X`, or `options`. */
  readonly source: string;
  /**
   * For an unknown key, when one is near: where it belongs (`belongs in ApiSettings: ApiSettings:EnableAutoRecovery`)
   * or what was likely meant (`did you mean MaxRetryAttempts?`); also in `message`.
   */
  readonly hint?: string;
}

/** Settings that can be given in code, the last layer; camelCase keys. */
export interface SettingsOverrides {
  readonly connection?: Partial<ConnectionOptions>;
  readonly apiSettings?: Partial<ApiSettings>;
  readonly outbox?: Partial<OutboxOptions>;
  readonly logging?: { readonly logLevel?: Readonly<Record<string, DotnetLogLevel>> };
}

/** What `loadSettings` returns. */
export interface LoadedSettings {
  readonly connection: ConnectionOptions;
  readonly apiSettings: ApiSettings;
  /** The `Outbox` section: limits of an offline outbox (`openOutbox(file, { limits: settings.outbox })`). */
  readonly outbox: OutboxOptions;
  readonly logging: LoggingSettings;
  readonly warnings: readonly ConfigWarning[];
  /** Every layer that contributed, lowest first: `defaults`, file paths, `environment variable X`, `options`. */
  readonly sources: readonly string[];
  /** The environment whose appsettings.{Environment}.json was looked for. */
  readonly environment: string;
}
