import { breakerStateOf } from '../../machines/breaker/restore.js';
import type { BreakerIsolation, BreakerState, BreakerStateName } from '../../machines/breaker/types.js';
import { RetryBudget } from '../../machines/retryBudget.js';
import type { ConnectionHealthStatus } from '../api/ApiClient.js';
import { stampArgs } from '../api/operations/index.js';
import type { ApiOperationName, OperationArgs, OperationName, OperationResult } from '../api/operations/index.js';
import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import { createHttpClient } from '../http/createHttpClient.js';
import type { HttpClient } from '../http/createHttpClient.js';
import type { ClientLogger } from '../logging/ClientLogger.js';
import { silentLogger } from '../logging/ClientLogger.js';
import type { ClientObserver } from '../metrics/types.js';
import { startBreakerActor } from '../pipeline/breakerActor.js';
import type { BreakerActor } from '../pipeline/breakerActor.js';
import { CallPipeline } from '../pipeline/CallPipeline.js';
import { CallStats } from '../pipeline/CallStats.js';
import { KeySupport } from '../pipeline/KeySupport.js';
import type { EnhancedApiClientOptions } from '../pipeline/options.js';
import { probeHealth } from '../pipeline/probeHealth.js';
import { learnFromProbe } from '../pipeline/learnFromProbe.js';
import { enhancedSettingsFrom } from '../pipeline/settings.js';
import type { EnhancedSettings } from '../pipeline/settings.js';
import { ApiClientBase } from './ApiClientBase.js';
import { checkIsolationReason, isolationHandle } from './IsolationHandle.js';
import type { IsolationHandle } from './IsolationHandle.js';

/**
 * The resilient client: a circuit breaker actor in front of every API call (the health probe excepted), and a
 * retry machine actor behind a first attempt that failed transiently. The path of one call is the
 * {@link CallPipeline}'s; this class owns its parts (sockets, breaker, budget) and their lifetime.
 *
 * - Every call asks the breaker for a permit with a synchronous snapshot read; an open (or isolated, or busy
 *   half-open) circuit refuses it at once with {@link BrokenCircuitError} carrying `retryAfterMs`.
 * - The first attempt runs directly (no actor); its outcome goes to the breaker. Only when it failed transiently
 *   does a retry actor start: exponential backoff with jitter, Retry-After (capped), at most `MaxRetryAttempts`
 *   retries, each asking the breaker again and bounded by `DefaultTimeoutSeconds` and the operation's deadline
 *   (its timeout profile: health, default, task or file), all under a client-wide retry budget.
 * - Non-idempotent operations carry an `Idempotency-Key` (one UUID per call, the same on every attempt). A POST
 *   whose answer was lost is retried only when the server honours the key (`IdempotencyKeySupport`: `auto` learns
 *   it from the health answer, see {@link EnhancedApiClient.getConnectionHealth}); otherwise only when the failure
 *   proves the request never left, and else it rejects with OutcomeUnknownError naming the key.
 * - One keep-alive agent with `maxSockets = ConnectionPoolSize`; a call that waits longer than
 *   `ConnectionPoolTimeoutMs` for a socket fails with PoolTimeoutError (transient). `EnableConnectionPooling:
 *   false` opens a fresh connection per call.
 *
 * @example
 * const api = new EnhancedApiClient('http://localhost:5289', { connection: { maxRetryAttempts: 5 } });
 * api.breaker.on('breaker.opened', (e) => console.warn(`circuit open for ${e.breakMs} ms`));
 * const tasks = await api.getTasks();
 * await api.dispose();
 */
export class EnhancedApiClient extends ApiClientBase {
  readonly baseUrl: string;
  /** The circuit breaker actor: subscribe with `breaker.on('breaker.opened' | 'breaker.halfOpen' | ...)`. */
  readonly breaker: BreakerActor;
  /** The settings in force, as parsed and converted at construction. */
  readonly settings: EnhancedSettings;
  private readonly http: HttpClient;
  private readonly budget: RetryBudget;
  private readonly logger: ClientLogger;
  private readonly stats = new CallStats();
  private readonly keySupport: KeySupport;
  private readonly pipeline: CallPipeline;
  private readonly observer: ClientObserver | undefined;
  private disposing: Promise<void> | undefined;
  /** Numbers the isolations this client hands out (the breaker's `ISOLATE` id). */
  private isolationsIssued = 0;

  /**
   * @throws {@link ConfigError} for a bad `connection` value.
   * @throws {@link InvalidArgumentError} for a base URL that is not an absolute http(s) URL.
   */
  constructor(baseUrl: string, options: EnhancedApiClientOptions = {}) {
    const now = options.now ?? Date.now;
    super(now);
    this.baseUrl = baseUrl;
    this.logger = options.logger ?? silentLogger;
    const logger = options.logger;
    this.settings = enhancedSettingsFrom(options.connection, logger === undefined ? undefined : (w) => logger.warn(w.message, { path: w.path }));
    const { connection } = this.settings;
    this.budget = new RetryBudget(this.settings.retryBudget);
    this.keySupport = new KeySupport(connection.idempotencyKeySupport);
    this.http = createHttpClient({
      baseUrl,
      connectionPoolSize: connection.connectionPoolSize,
      connectionPoolTimeoutMs: connection.connectionPoolTimeoutMs,
      enableConnectionPooling: connection.enableConnectionPooling,
      maxResponseBytes: connection.maxResponseBytes,
      tls: options.tls,
      proxy: { proxyUrl: connection.proxyUrl, proxyBypassList: connection.proxyBypassList },
      headers: options.headers,
      now,
      onPoolWaitEnded: (waitedMs, timedOut) => this.observer?.poolWaited(waitedMs, timedOut),
    });
    // Started last: nothing after it can throw and leave a running actor behind.
    this.breaker = startBreakerActor(this.settings.breaker, {
      clock: options.clock, inspect: options.inspect, restored: options.restoredBreaker, snapshot: options.breakerSnapshot, now,
      ...(options.breakerId === undefined ? {} : { id: options.breakerId }),
    });
    this.observer = options.instrumentation?.observe({
      type: 'enhanced', baseUrl, breaker: this.breaker, breakerState: () => this.circuitState, poolWaiting: () => this.http.pool.waitingCount,
    });
    this.pipeline = new CallPipeline({
      http: this.http,
      breaker: this.breaker,
      budget: this.budget,
      settings: this.settings,
      stats: this.stats,
      keySupport: this.keySupport,
      logger: this.logger,
      now,
      random: options.random ?? Math.random,
      observer: this.observer,
      clock: options.clock,
      inspect: options.inspect,
      refusalStackTraces: options.refusalStackTraces === true,
    });
  }

  /** The breaker's state now. */
  get circuitState(): BreakerStateName {
    return this.breaker.getSnapshot().value;
  }

  /**
   * The breaker's state to save across a restart (state only, no settings): pass it back as `restoredBreaker`.
   * Also what the ConnectionManager's `stateFile` holds for this client.
   */
  breakerState(): BreakerState {
    return breakerStateOf(this.breaker.getSnapshot());
  }

  /**
   * True when the server is taken to honour `Idempotency-Key`: `IdempotencyKeySupport` is `always`, or `auto` and
   * the latest health answer advertised it. While false, a non-idempotent call is repeated only after a failure
   * that proves its request never left.
   */
  get idempotencyKeyHonoured(): boolean {
    return this.keySupport.honoured;
  }

  /** Tokens left in the client-wide retry budget. */
  get retryBudgetTokens(): number {
    return this.budget.tokens;
  }

  /** The isolations held now (see {@link EnhancedApiClient.isolate}), oldest first; empty unless `circuitState` is `isolated`. */
  get isolations(): readonly BreakerIsolation[] {
    return this.breaker.getSnapshot().context.isolations;
  }

  /**
   * Isolates the circuit by hand: every call is refused at once with BrokenCircuitError (health probes still go
   * out) until the returned handle is disposed. Isolations stack: the breaker stays isolated while any handle is
   * held, and closes (its failure counts forgotten) when the last is disposed; disposing a handle twice does
   * nothing. The reason is logged and carried by the breaker's `breaker.isolated` event.
   * Once the client is disposed it does nothing and returns an inactive handle.
   * @param reason why, e.g. `server maintenance until 14:00` (default `isolated by hand`).
   * @throws {@link InvalidArgumentError} for a reason that is not one line of 1 to 200 characters.
   */
  isolate(reason?: string): IsolationHandle {
    const text = checkIsolationReason('isolate', reason);
    if (this.disposing !== undefined) {
      const inert = isolationHandle(text, () => undefined);
      inert.dispose();
      return inert;
    }
    this.isolationsIssued += 1;
    const id = `isolation-${this.isolationsIssued}`;
    this.breaker.send({ type: 'ISOLATE', at: this.now(), id, reason: text });
    this.logger.warn(`Circuit isolated by hand (${text}); calls are refused until every isolation is disposed`, { isolations: this.isolations.length });
    return isolationHandle(text, () => {
      // Disposing the client stopped the breaker: nothing is left to release.
      if (this.disposing !== undefined) return;
      this.breaker.send({ type: 'RELEASE', at: this.now(), id });
      const left = this.isolations.length;
      this.logger.warn(left === 0 ? `Isolation ended (${text}); the circuit is closed` : `Isolation ended (${text}); ${left} still held, the circuit stays isolated`, { isolations: left });
    });
  }

  /**
   * Closes the circuit by hand, forgetting the failures counted and the grown break. While isolations are held it
   * forgets them just the same but the circuit stays isolated: a reset never ends an isolation someone else holds
   * (dispose the handles for that). No-op once disposed.
   */
  resetCircuit(): void {
    if (this.disposing !== undefined) return;
    this.breaker.send({ type: 'RESET', at: this.now() });
    const held = this.isolations.length;
    if (held > 0) this.logger.warn(`Circuit reset: failure counts forgotten; it stays isolated while ${held} isolation(s) are held`, { isolations: held });
  }

  /** True when `GET api/health` answers 2xx now (sent whatever the breaker's state). Never throws. */
  async testConnection(): Promise<boolean> {
    return (await this.getConnectionHealth()).isHealthy;
  }

  /**
   * One `GET api/health` (bounded by HealthCheckTimeoutSeconds, never retried), plus the client's failure tally.
   * The probe bypasses the circuit breaker: it is sent even while the circuit is open or isolated, `isHealthy`
   * is the server's answer and `circuitBreakerOpen` (true whenever the breaker is not closed) the breaker's
   * state, so a caller can tell "server down" from "API calls failing behind a live server".
   * Its outcome is not reported to the breaker: it neither counts in the closed-state window nor acts as the
   * half-open probe. Only a disposed client answers without sending (`isHealthy` false, `responseTimeMs` 0).
   * An answer's `capabilities` tell the client whether the server honours `Idempotency-Key` (see
   * {@link EnhancedApiClient.idempotencyKeyHonoured}); the ConnectionManager's health monitor keeps that current.
   * Never throws.
   */
  async getConnectionHealth(): Promise<ConnectionHealthStatus> {
    const status = (probe: { isHealthy: boolean; responseTimeMs: number; checkedAt: number; serverVersion: string }, refusal?: string) => ({
      isHealthy: probe.isHealthy,
      responseTimeMs: probe.responseTimeMs,
      lastError: this.stats.lastError ?? refusal ?? null,
      lastChecked: probe.checkedAt,
      circuitBreakerOpen: this.circuitState !== 'closed',
      failureCount: this.stats.failureCount,
      serverVersion: probe.serverVersion,
    });
    if (this.disposing !== undefined) {
      return status({ isHealthy: false, responseTimeMs: 0, checkedAt: this.now(), serverVersion: '' }, new ClientDisposedError('health').message);
    }
    // No permit and no breaker event, on purpose: the health monitor probes on its own schedule, so counting its
    // probes would let health traffic trip the breaker (a dead /health) or mask it (a live /health diluting 5xx
    // from task endpoints), and a refused probe would report a live server as down, making the manager replace
    // a client whose only trouble is an open breaker. The breaker is driven by API calls alone.
    const result = await this.pipeline.track((signal) => probeHealth(this.http, { timeoutMs: this.settings.deadlineMs.health, signal }));
    learnFromProbe(result, { stats: this.stats, keySupport: this.keySupport, observer: this.observer });
    return status(result);
  }

  /**
   * Rejects every in-flight call with ClientDisposedError (a retry actor is stopped, its running attempt
   * aborted), waits until they have all settled, stops the breaker actor and closes every socket. Later calls
   * reject with ClientDisposedError. Calling it again returns the same promise.
   */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      this.observer?.clientDisposed();
      await this.pipeline.abortAll(new ClientDisposedError());
      this.breaker.stop();
      this.http.pool.destroy();
    })();
    return this.disposing;
  }

  /**
   * One API call that `signal` can abort, as the method of the same name would make it. Aborting ends this call
   * alone: its request is destroyed (the socket goes back to the pool or is closed), a retry actor stopped; the
   * breaker does not count it. Used by the MultiEndpointClient to cancel the losing leg of a hedged read.
   * @throws {@link RequestAbortedError} once `signal` aborts; otherwise what the method throws.
   */
  invokeAbortable<N extends ApiOperationName>(operation: N, args: OperationArgs<N>, signal: AbortSignal): Promise<OperationResult<N>> {
    return this.pipeline.invoke(operation, stampArgs(operation, args, this.now()), signal);
  }

  protected invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
    return this.pipeline.invoke(operation, args);
  }
}
