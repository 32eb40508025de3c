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

/**
 * The settings of node `index` (0-based) of `count`. With two nodes or more, the last one runs with auto-recovery
 * off and rides each fault out on its circuit breaker: degraded while the breaker is open, healthy again once a
 * half-open trial call has closed it and a health check passes. The others recover by replacing their client
 * when a health check fails (the fault proxy answers `api/health` too); an open breaker alone only degrades them,
 * since the health probe is sent whatever the breaker's state.
 * @throws {@link RangeError} when `index` is not one of the `count` nodes.
 */
export function nodeSettingsFor(index: number, count: number): DemoNodeSettings {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`Node index ${index} is not one of ${count} demo nodes (0 to ${count - 1})`);
  }
  return isSteadyNode(index, count) ? STEADY_NODE_SETTINGS : DEMO_NODE_SETTINGS;
}

/** Whether node `index` (0-based) of `count` is the one that rides faults out on its breaker (the last of two or more). */
export function isSteadyNode(index: number, count: number): boolean {
  return count >= 2 && index === count - 1;
}

const STEADY_NODE_SETTINGS: DemoNodeSettings = {
  ...DEMO_NODE_SETTINGS,
  apiSettings: { ...DEMO_NODE_SETTINGS.apiSettings, enableAutoRecovery: false },
};

/** The line that names the steady node of `count` (see {@link nodeSettingsFor}); none for a single node. */
export function describeSteadyNode(count: number): string[] {
  if (count < 2) return [];
  return [`node-${count} has auto-recovery off: it rides faults out on its circuit breaker (open, half-open, closed) instead of replacing its client`];
}

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
