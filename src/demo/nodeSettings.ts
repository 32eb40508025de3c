import type { ApiSettings, ConnectionOptions } from '../config/types.js';
import type { TaskExecutionServiceOptions } from '../tasks/options.js';

/** Everything a demo node is configured with; printed at the start of a run. */
export interface DemoNodeSettings {
  readonly connection: Partial<ConnectionOptions>;
  readonly apiSettings: Partial<ApiSettings>;
  /** The Standard client's retries (it has no Connection keys of its own): attempts and linear delay step. */
  readonly standard: { readonly maxAttempts: number; readonly delayMs: number };
  readonly service: Pick<TaskExecutionServiceOptions, 'pollIntervalMs' | 'heartbeatIntervalMs' | 'deliveryBackoff'>;
}

/**
 * Short intervals so a one-minute run shows every reaction: health every 2 s (every 0.5 s while not healthy)
 * with a 1 s probe timeout, a breaker that opens on 4 failures in 5 s and breaks for 2 s (growing to 5 s), quick
 * retries, and Retry-After capped at 3 s. Slow answers (over 1.2 s) therefore fail health probes but not task calls.
 */
export const DEMO_NODE_SETTINGS: DemoNodeSettings = {
  connection: {
    defaultTimeoutSeconds: 3,
    healthCheckTimeoutSeconds: 1,
    taskOperationTimeoutSeconds: 8,
    fileOperationTimeoutSeconds: 8,
    maxRetryAttempts: 3,
    baseRetryDelayMs: 100,
    maxRetryDelayMs: 1_000,
    circuitBreakerFailureThreshold: 4,
    circuitBreakerSamplingDurationSeconds: 5,
    circuitBreakerMinimumThroughput: 3,
    circuitBreakerBreakDurationSeconds: 2,
    circuitBreakerMaxBreakDurationSeconds: 5,
    retryAfterMaxSeconds: 3,
    degradedHealthCheckIntervalSeconds: 0.5,
    connectionPoolSize: 4,
  },
  apiSettings: { useEnhancedClient: true, enableAutoRecovery: true, healthCheckIntervalMinutes: 2 / 60 },
  standard: { maxAttempts: 3, delayMs: 200 },
  service: { pollIntervalMs: 200, heartbeatIntervalMs: 2_000, deliveryBackoff: { initialDelayMs: 100, maxDelayMs: 1_000 } },
};

/** The settings as lines for the start of a run. */
export function describeNodeSettings(settings: DemoNodeSettings): string[] {
  const { connection: c, apiSettings: a, standard: s, service: t } = settings;
  const seconds = (value: number | undefined): string => `${value ?? '?'} s`;
  return [
    `health check every ${seconds((a.healthCheckIntervalMinutes ?? 0) * 60)} (every ${seconds(c.degradedHealthCheckIntervalSeconds)} while not healthy), timeout ${seconds(c.healthCheckTimeoutSeconds)}`,
    `breaker: opens on ${c.circuitBreakerFailureThreshold} failures (at least ${c.circuitBreakerMinimumThroughput} calls) in ${seconds(c.circuitBreakerSamplingDurationSeconds)}, breaks ${seconds(c.circuitBreakerBreakDurationSeconds)} growing to ${seconds(c.circuitBreakerMaxBreakDurationSeconds)}`,
    `retries: ${c.maxRetryAttempts} (${c.baseRetryDelayMs}-${c.maxRetryDelayMs} ms, jittered), Retry-After capped at ${seconds(c.retryAfterMaxSeconds)}, attempt timeout ${seconds(c.defaultTimeoutSeconds)}; Standard client: ${s.maxAttempts} attempts, ${s.delayMs} ms x attempt`,
    `nodes poll every ${t.pollIntervalMs ?? '?'} ms, heartbeat every ${t.heartbeatIntervalMs ?? '?'} ms; auto-recovery ${a.enableAutoRecovery === false ? 'off' : 'on'}`,
  ];
}
