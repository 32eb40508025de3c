import { randomUUID } from 'node:crypto';
import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import type { IdempotencyKeySupport } from '../config/types.js';
import { createHttpClient } from '../http/createHttpClient.js';
import type { HttpClient } from '../http/createHttpClient.js';
import type { TlsOptions } from '../http/ConnectionPool.js';
import type { ProxySettings } from '../http/proxyFor.js';
import { performAttempt } from '../http/performAttempt.js';
import { settleObservation } from '../metrics/settleObservation.js';
import type { CallObservation, ClientObserver, Instrumentation } from '../metrics/types.js';
import { abortableDelay } from './abortableDelay.js';
import type { Delay } from './abortableDelay.js';
import type { ConnectionHealthStatus } from '../api/ApiClient.js';
import { ApiClientBase } from './ApiClientBase.js';
import { CallStats } from '../pipeline/CallStats.js';
import type { ClientLogger } from '../logging/ClientLogger.js';
import { silentLogger } from '../logging/ClientLogger.js';
import { InFlightCalls } from '../util/InFlightCalls.js';
import { needsIdempotencyKey } from '../api/operations/index.js';
import { KeySupport } from '../pipeline/KeySupport.js';
import { errorOfLastAttempt, isRepeatSafe, keySent } from '../pipeline/outcomeOf.js';
import type { OperationArgs, OperationName, OperationResult } from '../api/operations/index.js';
import { probeHealth } from '../pipeline/probeHealth.js';
import { learnFromProbe } from '../pipeline/learnFromProbe.js';

/** Options of the {@link StandardApiClient}; every one has the original client's default. */
export interface StandardApiClientOptions {
  /** Time limit of each attempt, ms. Default 10000 (the original HttpClient.Timeout). */
  timeoutMs?: number;
  /** Time limit of a health probe, ms. Default 5000 (HealthCheckTimeoutSeconds). */
  healthTimeoutMs?: number;
  /** Attempts per call, the first included. Default 3. */
  maxAttempts?: number;
  /** Linear delay step, ms: attempt n waits `delayMs × n` before attempt n+1. Default 1000. */
  delayMs?: number;
  /** `MaxResponseBytes`. Default 10 MiB. */
  maxResponseBytes?: number;
  tls?: TlsOptions;
  /**
   * `Connection:ProxyUrl` / `Connection:ProxyBypassList`; they win over `HTTP(S)_PROXY` / `NO_PROXY`, which are
   * read otherwise (see `proxyFor`).
   */
  proxy?: ProxySettings;
  /** Headers sent on every request. */
  headers?: Readonly<Record<string, string>>;
  /**
   * Whether the server honours `Idempotency-Key` (`IdempotencyKeySupport`): `auto` (default) believes the latest
   * health answer, `always` and `never` decide it.
   */
  idempotencyKeySupport?: IdempotencyKeySupport;
  logger?: ClientLogger;
  /** Clock; default Date.now. */
  now?: () => number;
  /** The wait between attempts; default a setTimeout that dispose() cuts short. */
  delay?: Delay;
  /**
   * Metrics and spans of this client's calls, attempts and health checks (`createInstrumentation(...)`).
   * Default none: a call then pays one `undefined` check.
   */
  instrumentation?: Instrumentation;
}

/**
 * The original `ApiClient`'s behaviour, minus its bugs: one axios instance with a keep-alive agent, a 10 s
 * timeout per attempt, up to 3 attempts with a linear delay (1 s, then 2 s). Unlike the original it retries
 * only transient failures (network, timeout, 408, 429, 5xx, pool timeout), never a 400, and a non-idempotent
 * call (`createTask`, ...) by the same rule as the Enhanced client: it carries an `Idempotency-Key` (one per call)
 * and is repeated only when the server honours the key or the failure proves the request never left; otherwise
 * it rejects with OutcomeUnknownError naming the key. No circuit breaker, no Retry-After. The last attempt's typed
 * error is what a failed call rejects with.
 *
 * @example
 * const api = new StandardApiClient('http://localhost:5289');
 * const tasks = await api.getTasks();
 * await api.dispose();
 */
export class StandardApiClient extends ApiClientBase {
  readonly baseUrl: string;
  private readonly http: HttpClient;
  private readonly timeoutMs: number;
  private readonly healthTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly delayMs: number;
  private readonly delay: Delay;
  private readonly logger: ClientLogger;
  private readonly stats = new CallStats();
  private readonly keySupport: KeySupport;
  private readonly calls = new InFlightCalls();
  private readonly observer: ClientObserver | undefined;
  private disposed = false;

  /** @throws {@link InvalidArgumentError} for a base URL that is not absolute http(s), or a bad option. */
  constructor(baseUrl: string, options: StandardApiClientOptions = {}) {
    const now = options.now ?? Date.now;
    super(now);
    this.baseUrl = baseUrl;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.healthTimeoutMs = options.healthTimeoutMs ?? 5_000;
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
    this.delayMs = Math.max(0, options.delayMs ?? 1_000);
    this.delay = options.delay ?? abortableDelay;
    this.logger = options.logger ?? silentLogger;
    this.keySupport = new KeySupport(options.idempotencyKeySupport ?? 'auto');
    // The original HttpClient pooled without a bound: no pool size, so no pool wait.
    this.http = createHttpClient({
      baseUrl,
      connectionPoolSize: Infinity,
      enableConnectionPooling: true,
      maxResponseBytes: options.maxResponseBytes,
      tls: options.tls,
      ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
      headers: options.headers,
      now,
      onPoolWaitEnded: (waitedMs, timedOut) => this.observer?.poolWaited(waitedMs, timedOut),
    });
    this.observer = options.instrumentation?.observe({
      type: 'standard', baseUrl, breakerState: () => undefined, poolWaiting: () => this.http.pool.waitingCount,
    });
  }

  /** True when `GET api/health` answers 2xx now. Never throws. */
  async testConnection(): Promise<boolean> {
    return (await this.getConnectionHealth()).isHealthy;
  }

  /** True when the server is taken to honour `Idempotency-Key` (see the `idempotencyKeySupport` option). */
  get idempotencyKeyHonoured(): boolean {
    return this.keySupport.honoured;
  }

  /**
   * One `GET api/health` probe plus the client's failure tally; the answer's `capabilities` tell whether the server
   * honours `Idempotency-Key`. Never throws; circuitBreakerOpen is always false.
   */
  async getConnectionHealth(): Promise<ConnectionHealthStatus> {
    const health = (result: { isHealthy: boolean; responseTimeMs: number; checkedAt: number; serverVersion: string }) => ({
      isHealthy: result.isHealthy,
      responseTimeMs: result.responseTimeMs,
      lastError: this.stats.lastError,
      lastChecked: result.checkedAt,
      circuitBreakerOpen: false,
      failureCount: this.stats.failureCount,
      serverVersion: result.serverVersion,
    });
    if (this.disposed) {
      return { ...health({ isHealthy: false, responseTimeMs: 0, checkedAt: this.now(), serverVersion: '' }),
        lastError: new ClientDisposedError('health').message };
    }
    const result = await this.calls.run((signal) => probeHealth(this.http, { timeoutMs: this.healthTimeoutMs, signal }));
    learnFromProbe(result, { stats: this.stats, keySupport: this.keySupport, observer: this.observer });
    return health(result);
  }

  /** Aborts in-flight calls with ClientDisposedError, waits for them to settle, closes every socket. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.observer?.clientDisposed();
    await this.calls.abortAll(new ClientDisposedError());
    this.http.pool.destroy();
  }

  protected invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
    if (this.disposed) return Promise.reject(new ClientDisposedError(operation));
    const observation = this.observer?.callStarted(operation);
    const result = this.calls.run((signal) => this.runWithRetries(operation, args, signal, observation));
    return observation === undefined ? result : settleObservation(result, observation);
  }

  private async runWithRetries<N extends OperationName>(
    operation: N, args: OperationArgs<N>, signal: AbortSignal, observation: CallObservation | undefined,
  ): Promise<OperationResult<N>> {
    const idempotencyKey = needsIdempotencyKey(operation) ? randomUUID() : undefined;
    const keyHonoured = idempotencyKey !== undefined && this.keySupport.honoured;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await performAttempt(this.http, operation, args, {
        signal, timeoutMs: this.timeoutMs, idempotencyKey, traceHeaders: observation?.traceHeaders,
      });
      observation?.attempt(attempt, this.delayMs * (attempt - 1), outcome);
      if (outcome.ok) {
        this.stats.recordSuccess();
        return outcome.value;
      }
      const { failure, error } = outcome;
      const retry = failure.transient && isRepeatSafe(operation, failure, keyHonoured) && attempt < this.maxAttempts && !signal.aborted;
      if (!retry) {
        this.stats.recordFailure(failure);
        throw errorOfLastAttempt(operation, failure, error, keySent(operation, args, idempotencyKey), keyHonoured);
      }
      const waitMs = this.delayMs * attempt;
      this.logger.warn(`${operation} attempt ${attempt} failed (${failure.message}); retrying in ${waitMs} ms`, {
        operation, attempt, kind: failure.kind, status: failure.status,
      });
      try {
        await this.delay(waitMs, signal);
      } catch {
        const stopped = signal.reason instanceof ClientDisposedError ? signal.reason.withOperation(operation) : error;
        throw stopped;
      }
    }
  }
}
