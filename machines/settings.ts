/**
 * Pure mappers from the configuration (seconds, minutes, flags: `ConnectionOptions` and `ApiSettings` in their
 * camelCase TypeScript form) to machine inputs in milliseconds. The option shapes are declared structurally so
 * machines/ never imports src/; src/config's types satisfy them. Each mapper reads only the keys it needs and
 * validates them, throwing {@link InvalidMachineSettingsError} naming the key.
 */
import type { BreakerSettings } from './breaker/types.js';
import type { ConnectionSettings } from './connection/types.js';
import type { HealthMonitorSettings } from './health/types.js';
import type { RetryPolicy } from './retry/types.js';
import type { RetryBudgetSettings } from './retryBudget.js';
import { InvalidMachineSettingsError, requireBoolean, requireNumber } from './settingsError.js';
import type { JitterMode } from './types.js';

/** The `Connection` section keys the machines read (camelCase). */
export interface ConnectionOptionsLike {
  readonly defaultTimeoutSeconds: number;
  readonly healthCheckTimeoutSeconds: number;
  readonly taskOperationTimeoutSeconds: number;
  readonly fileOperationTimeoutSeconds: number;
  readonly maxRetryAttempts: number;
  readonly baseRetryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly circuitBreakerFailureThreshold: number;
  readonly circuitBreakerSamplingDurationSeconds: number;
  readonly circuitBreakerMinimumThroughput: number;
  readonly circuitBreakerBreakDurationSeconds: number;
  readonly enableCircuitBreaker: boolean;
  readonly enableJitter: boolean;
  readonly jitterMode: JitterMode;
  readonly circuitBreakerHalfOpenProbes: number;
  readonly circuitBreakerFailureRatio: number | null;
  readonly circuitBreakerMaxBreakDurationSeconds: number;
  readonly retryBudgetMaxTokens: number;
  readonly retryBudgetTokenRatio: number;
  readonly retryAfterMaxSeconds: number;
  readonly degradedHealthCheckIntervalSeconds: number;
}

/** The `ApiSettings` keys the machines read. */
export interface ApiSettingsLike {
  readonly useEnhancedClient: boolean;
  readonly enableAutoRecovery: boolean;
  readonly healthCheckIntervalMinutes: number;
}

/** Which timeout bounds an operation as a whole (see the API table in VCDEVTOOL_API.md). */
export type TimeoutProfile = 'health' | 'default' | 'task' | 'file';

/** Buckets of the breaker's sampling window (granularity = sampling duration / 10). */
export const BREAKER_WINDOW_BUCKETS = 10;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const jitterModes: readonly JitterMode[] = ['none', 'full', 'equal', 'decorrelated'];

/**
 * Breaker settings: threshold, throughput, ratio, window, break and its cap, probes, Retry-After cap.
 * @throws {@link InvalidMachineSettingsError} for a value out of range (e.g. a max break shorter than the break).
 */
export function breakerSettingsFrom(
  options: Pick<ConnectionOptionsLike, 'enableCircuitBreaker' | 'circuitBreakerFailureThreshold' | 'circuitBreakerMinimumThroughput'
    | 'circuitBreakerFailureRatio' | 'circuitBreakerSamplingDurationSeconds' | 'circuitBreakerBreakDurationSeconds'
    | 'circuitBreakerMaxBreakDurationSeconds' | 'circuitBreakerHalfOpenProbes' | 'retryAfterMaxSeconds'>,
): BreakerSettings {
  const ratio = options.circuitBreakerFailureRatio;
  if (ratio !== null && !(typeof ratio === 'number' && ratio > 0 && ratio <= 1)) {
    throw new InvalidMachineSettingsError('circuitBreakerFailureRatio', ratio, 'null or a number in (0, 1]');
  }
  const breakDurationMs = requireNumber('circuitBreakerBreakDurationSeconds', options.circuitBreakerBreakDurationSeconds, 0) * SECOND;
  const maxBreakDurationMs = requireNumber('circuitBreakerMaxBreakDurationSeconds', options.circuitBreakerMaxBreakDurationSeconds, 0) * SECOND;
  if (maxBreakDurationMs < breakDurationMs) {
    throw new InvalidMachineSettingsError('circuitBreakerMaxBreakDurationSeconds', options.circuitBreakerMaxBreakDurationSeconds,
      `at least circuitBreakerBreakDurationSeconds (${options.circuitBreakerBreakDurationSeconds})`);
  }
  return {
    enabled: requireBoolean('enableCircuitBreaker', options.enableCircuitBreaker),
    failureThreshold: requireNumber('circuitBreakerFailureThreshold', options.circuitBreakerFailureThreshold, 1, true),
    minimumThroughput: requireNumber('circuitBreakerMinimumThroughput', options.circuitBreakerMinimumThroughput, 1, true),
    failureRatio: ratio,
    samplingDurationMs: requireNumber('circuitBreakerSamplingDurationSeconds', options.circuitBreakerSamplingDurationSeconds, 0.001) * SECOND,
    bucketCount: BREAKER_WINDOW_BUCKETS,
    breakDurationMs,
    maxBreakDurationMs,
    halfOpenProbes: requireNumber('circuitBreakerHalfOpenProbes', options.circuitBreakerHalfOpenProbes, 1, true),
    retryAfterCapMs: requireNumber('retryAfterMaxSeconds', options.retryAfterMaxSeconds, 0) * SECOND,
  };
}

/**
 * Retry policy: attempts, delays, jitter (`none` when `enableJitter` is false), Retry-After cap, attempt timeout.
 * @throws {@link InvalidMachineSettingsError} for a value out of range or an unknown jitter mode.
 */
export function retryPolicyFrom(
  options: Pick<ConnectionOptionsLike, 'maxRetryAttempts' | 'baseRetryDelayMs' | 'maxRetryDelayMs' | 'enableJitter' | 'jitterMode'
    | 'retryAfterMaxSeconds' | 'defaultTimeoutSeconds'>,
): RetryPolicy {
  if (!jitterModes.includes(options.jitterMode)) {
    throw new InvalidMachineSettingsError('jitterMode', options.jitterMode, `one of ${jitterModes.join(', ')}`);
  }
  const baseDelayMs = requireNumber('baseRetryDelayMs', options.baseRetryDelayMs, 0);
  const maxDelayMs = requireNumber('maxRetryDelayMs', options.maxRetryDelayMs, 0);
  if (maxDelayMs < baseDelayMs) throw new InvalidMachineSettingsError('maxRetryDelayMs', maxDelayMs, `at least baseRetryDelayMs (${baseDelayMs})`);
  return {
    maxRetryAttempts: requireNumber('maxRetryAttempts', options.maxRetryAttempts, 0, true),
    baseDelayMs,
    maxDelayMs,
    jitterMode: requireBoolean('enableJitter', options.enableJitter) ? options.jitterMode : 'none',
    retryAfterCapMs: requireNumber('retryAfterMaxSeconds', options.retryAfterMaxSeconds, 0) * SECOND,
    attemptTimeoutMs: requireNumber('defaultTimeoutSeconds', options.defaultTimeoutSeconds, 0.001) * SECOND,
  };
}

/**
 * The whole-operation timeout of a profile, in ms: health -> HealthCheckTimeoutSeconds, default ->
 * DefaultTimeoutSeconds, task -> TaskOperationTimeoutSeconds, file -> FileOperationTimeoutSeconds.
 * A retry loop's deadline is the operation's start plus this.
 */
export function operationTimeoutMs(
  options: Pick<ConnectionOptionsLike, 'healthCheckTimeoutSeconds' | 'defaultTimeoutSeconds' | 'taskOperationTimeoutSeconds' | 'fileOperationTimeoutSeconds'>,
  profile: TimeoutProfile,
): number {
  switch (profile) {
    case 'health': return requireNumber('healthCheckTimeoutSeconds', options.healthCheckTimeoutSeconds, 0.001) * SECOND;
    case 'default': return requireNumber('defaultTimeoutSeconds', options.defaultTimeoutSeconds, 0.001) * SECOND;
    case 'task': return requireNumber('taskOperationTimeoutSeconds', options.taskOperationTimeoutSeconds, 0.001) * SECOND;
    case 'file': return requireNumber('fileOperationTimeoutSeconds', options.fileOperationTimeoutSeconds, 0.001) * SECOND;
  }
}

/** Retry budget settings (`new RetryBudget(retryBudgetSettingsFrom(options))`). */
export function retryBudgetSettingsFrom(options: Pick<ConnectionOptionsLike, 'retryBudgetMaxTokens' | 'retryBudgetTokenRatio'>): RetryBudgetSettings {
  return { maxTokens: options.retryBudgetMaxTokens, tokenRatio: options.retryBudgetTokenRatio };
}

/** Health monitor settings: normal interval (minutes), degraded interval (seconds), probe timeout (seconds). */
export function healthMonitorSettingsFrom(
  options: Pick<ConnectionOptionsLike, 'healthCheckTimeoutSeconds' | 'degradedHealthCheckIntervalSeconds'>,
  api: Pick<ApiSettingsLike, 'healthCheckIntervalMinutes'>,
): HealthMonitorSettings {
  return {
    intervalMs: requireNumber('healthCheckIntervalMinutes', api.healthCheckIntervalMinutes, 0.001) * MINUTE,
    degradedIntervalMs: requireNumber('degradedHealthCheckIntervalSeconds', options.degradedHealthCheckIntervalSeconds, 0.001) * SECOND,
    timeoutMs: requireNumber('healthCheckTimeoutSeconds', options.healthCheckTimeoutSeconds, 0.001) * SECOND,
  };
}

/**
 * Connection settings. The offline recovery wait starts at the degraded health interval (5 s by default, the
 * original's fixed delay) and doubles up to the normal health interval (1 min by default).
 */
export function connectionSettingsFrom(
  options: Pick<ConnectionOptionsLike, 'healthCheckTimeoutSeconds' | 'degradedHealthCheckIntervalSeconds'>,
  api: ApiSettingsLike,
): ConnectionSettings {
  const health = healthMonitorSettingsFrom(options, api);
  return {
    initialClient: requireBoolean('useEnhancedClient', api.useEnhancedClient) ? 'enhanced' : 'standard',
    enableAutoRecovery: requireBoolean('enableAutoRecovery', api.enableAutoRecovery),
    recoveryDelayMs: health.degradedIntervalMs,
    maxRecoveryDelayMs: Math.max(health.intervalMs, health.degradedIntervalMs),
    health,
  };
}
