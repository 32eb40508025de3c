import type { ApiMethods } from './operations/index.js';

/**
 * The health of a client's link to the server, as the seed's `ConnectionHealthStatus` (camelCase).
 * Plain data: serialisable, safe to put in a machine event.
 */
export interface ConnectionHealthStatus {
  /** The last health probe got a 2xx from `GET api/health`. */
  isHealthy: boolean;
  /** How long that probe took, in ms (0 when nothing was sent: a disposed client; an open breaker does not stop the probe). */
  responseTimeMs: number;
  /** The most recent failure since the last success, or null. */
  lastError: string | null;
  /** When the probe ran, epoch ms from the client's clock. */
  lastChecked: number;
  /** The client's circuit breaker refuses calls (always false for the Standard client, which has none). */
  circuitBreakerOpen: boolean;
  /** Consecutive calls that ended with a transient failure (network, timeout, 408, 429, 5xx, pool timeout). */
  failureCount: number;
  /** The server's `version` from the health answer, '' when unknown. */
  serverVersion: string;
}

/**
 * The whole VCDevTool API (the C# `IApiClient`), as both clients implement it. Every method rejects with a
 * typed error from `src/errors` (never a bare string): InvalidArgumentError before sending, HttpStatusError,
 * NetworkError, OperationTimeoutError, PoolTimeoutError, InvalidResponseError (naming the operation),
 * BrokenCircuitError and RetryBudgetExceededError (Enhanced client), ClientDisposedError after `dispose()`.
 * Boolean operations answer `false` where the server says no with a 4xx (lock held, not the owner, unknown
 * node), as the original did; transient failures are errors, not `false`. The API methods are declared once, in
 * the operations catalog (`OperationCatalog`), and derived as {@link ApiMethods}.
 */
export interface ApiClient extends ApiMethods {
  /** The base URL the client was created with. */
  readonly baseUrl: string;

  /** True when `GET api/health` answers 2xx now. Never throws. */
  testConnection(): Promise<boolean>;
  /** Probes `GET api/health` and reports the link's health. Never throws. */
  getConnectionHealth(): Promise<ConnectionHealthStatus>;
  /**
   * Rejects every in-flight call with ClientDisposedError, stops the client's actors and timers and closes
   * every socket; resolves once all of that is done. Later calls reject with ClientDisposedError. Idempotent.
   */
  dispose(): Promise<void>;
}
