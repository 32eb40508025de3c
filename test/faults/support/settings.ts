import type { ApiSettings, ConnectionOptions } from '../../../src/config/types.js';
import type { TaskExecutionServiceOptions } from '../../../src/tasks/options.js';

/**
 * Worker nodes' `Connection` settings, scaled down so each fault plays out in seconds: a 1 s attempt timeout,
 * 2 retries, a breaker that opens on 3 transient failures (and at least half the calls) in 2 s and breaks for
 * 0.5 s (growing to 2 s), Retry-After capped at 2 s, health probed every 0.25 s while the link is not healthy.
 * The health probe gets 2 s: on a loaded 2-core machine a healthy server can take longer than a short probe
 * timeout, and a failed probe starts a recovery the faults that leave health alone must not see.
 */
export const NODE_CONNECTION: Partial<ConnectionOptions> = {
  defaultTimeoutSeconds: 1,
  healthCheckTimeoutSeconds: 2,
  taskOperationTimeoutSeconds: 4,
  fileOperationTimeoutSeconds: 4,
  maxRetryAttempts: 2,
  baseRetryDelayMs: 50,
  maxRetryDelayMs: 300,
  circuitBreakerFailureThreshold: 3,
  circuitBreakerFailureRatio: 0.5,
  circuitBreakerSamplingDurationSeconds: 2,
  circuitBreakerMinimumThroughput: 3,
  circuitBreakerBreakDurationSeconds: 0.5,
  circuitBreakerMaxBreakDurationSeconds: 2,
  retryAfterMaxSeconds: 2,
  degradedHealthCheckIntervalSeconds: 0.25,
  connectionPoolSize: 4,
  connectionPoolTimeoutMs: 2_000,
};

/** Auto-recovery on, a health check every second while healthy. */
export const NODE_API_SETTINGS: Partial<ApiSettings> = {
  useEnhancedClient: true,
  enableAutoRecovery: true,
  healthCheckIntervalMinutes: 1 / 60,
};

/** The Standard client a recovery may fall back to: short attempts, quick linear retries. */
export const NODE_STANDARD = { timeoutMs: 1_000, healthTimeoutMs: 2_000, maxAttempts: 2, delayMs: 50 } as const;

/** Quick polling and delivery retries, so the nodes keep calling through the fault. */
export const NODE_SERVICE: Pick<TaskExecutionServiceOptions, 'pollIntervalMs' | 'heartbeatIntervalMs' | 'deliveryBackoff'> = {
  pollIntervalMs: 50,
  heartbeatIntervalMs: 500,
  deliveryBackoff: { initialDelayMs: 25, maxDelayMs: 250 },
};

/**
 * The task creator's client: one `createTask` call rides a whole fault out (no breaker to refuse it, retries for
 * up to a minute with the same Idempotency-Key), so "created exactly once" rests on the key alone.
 */
export const CREATOR_CONNECTION: Partial<ConnectionOptions> = {
  defaultTimeoutSeconds: 1,
  taskOperationTimeoutSeconds: 60,
  maxRetryAttempts: 100,
  baseRetryDelayMs: 50,
  maxRetryDelayMs: 400,
  enableCircuitBreaker: false,
  retryBudgetMaxTokens: 1_000,
  retryBudgetTokenRatio: 1,
  retryAfterMaxSeconds: 2,
  connectionPoolSize: 2,
};
