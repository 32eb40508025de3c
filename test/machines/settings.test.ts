import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../machines/retryBudget.js';
import type { ApiSettingsLike, ConnectionOptionsLike } from '../../machines/settings.js';
import {
  breakerSettingsFrom,
  connectionSettingsFrom,
  healthMonitorSettingsFrom,
  operationTimeoutMs,
  retryBudgetSettingsFrom,
  retryPolicyFrom,
} from '../../machines/settings.js';
import { InvalidMachineSettingsError, isInvalidMachineSettingsError } from '../../machines/settingsError.js';

/** The seed's defaults plus the design's additions, as CONTRACT.md lists them. */
const defaults: ConnectionOptionsLike = {
  defaultTimeoutSeconds: 30,
  healthCheckTimeoutSeconds: 5,
  taskOperationTimeoutSeconds: 60,
  fileOperationTimeoutSeconds: 120,
  maxRetryAttempts: 3,
  baseRetryDelayMs: 1000,
  maxRetryDelayMs: 30000,
  circuitBreakerFailureThreshold: 5,
  circuitBreakerSamplingDurationSeconds: 60,
  circuitBreakerMinimumThroughput: 3,
  circuitBreakerBreakDurationSeconds: 30,
  enableCircuitBreaker: true,
  enableJitter: true,
  jitterMode: 'decorrelated',
  circuitBreakerHalfOpenProbes: 1,
  circuitBreakerFailureRatio: null,
  circuitBreakerMaxBreakDurationSeconds: 300,
  retryBudgetMaxTokens: 10,
  retryBudgetTokenRatio: 0.1,
  retryAfterMaxSeconds: 60,
  degradedHealthCheckIntervalSeconds: 5,
};
const api: ApiSettingsLike = { useEnhancedClient: true, enableAutoRecovery: true, healthCheckIntervalMinutes: 1 };

function thrown(fn: () => unknown): InvalidMachineSettingsError {
  try {
    fn();
  } catch (error) {
    if (isInvalidMachineSettingsError(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidMachineSettingsError');
}

describe('settings mappers', () => {
  it('map every breaker key to milliseconds', () => {
    expect(breakerSettingsFrom(defaults)).toEqual({
      enabled: true, failureThreshold: 5, minimumThroughput: 3, failureRatio: null, samplingDurationMs: 60_000, bucketCount: 10,
      breakDurationMs: 30_000, maxBreakDurationMs: 300_000, halfOpenProbes: 1, retryAfterCapMs: 60_000,
    });
    expect(breakerSettingsFrom({ ...defaults, enableCircuitBreaker: false, circuitBreakerFailureRatio: 0.7 })).toMatchObject({ enabled: false, failureRatio: 0.7 });
  });

  it('map the retry keys, with jitter mode none when EnableJitter is false', () => {
    expect(retryPolicyFrom(defaults)).toEqual({
      maxRetryAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000, jitterMode: 'decorrelated', retryAfterCapMs: 60_000, attemptTimeoutMs: 30_000,
    });
    expect(retryPolicyFrom({ ...defaults, enableJitter: false, jitterMode: 'full' }).jitterMode).toBe('none');
  });

  it('map each timeout profile to its key', () => {
    expect((['health', 'default', 'task', 'file'] as const).map((p) => operationTimeoutMs(defaults, p))).toEqual([5_000, 30_000, 60_000, 120_000]);
  });

  it('map the health and connection keys: interval in minutes, degraded interval and timeout in seconds', () => {
    expect(healthMonitorSettingsFrom(defaults, { healthCheckIntervalMinutes: 2 })).toEqual({ intervalMs: 120_000, degradedIntervalMs: 5_000, timeoutMs: 5_000 });
    expect(connectionSettingsFrom(defaults, { ...api, useEnhancedClient: false, enableAutoRecovery: false })).toEqual({
      initialClient: 'standard', enableAutoRecovery: false, recoveryDelayMs: 5_000, maxRecoveryDelayMs: 60_000,
      health: { intervalMs: 60_000, degradedIntervalMs: 5_000, timeoutMs: 5_000 },
    });
    expect(new RetryBudget(retryBudgetSettingsFrom(defaults)).tokens).toBe(10);
  });

  it('reject out-of-range values with an error naming the key, the value and the range', () => {
    const threshold = thrown(() => breakerSettingsFrom({ ...defaults, circuitBreakerFailureThreshold: 0 }));
    expect(threshold).toBeInstanceOf(InvalidMachineSettingsError);
    expect(threshold).toMatchObject({ code: 'ERR_INVALID_MACHINE_SETTINGS', key: 'circuitBreakerFailureThreshold', value: 0 });
    expect(threshold.message).toBe('Invalid circuitBreakerFailureThreshold: 0 (expected an integer >= 1)');
    expect(thrown(() => breakerSettingsFrom({ ...defaults, circuitBreakerFailureRatio: 1.5 })).key).toBe('circuitBreakerFailureRatio');
    expect(thrown(() => breakerSettingsFrom({ ...defaults, circuitBreakerMaxBreakDurationSeconds: 10 })).key).toBe('circuitBreakerMaxBreakDurationSeconds');
    expect(thrown(() => retryPolicyFrom({ ...defaults, jitterMode: 'wild' as 'full' })).key).toBe('jitterMode');
    expect(thrown(() => retryPolicyFrom({ ...defaults, maxRetryDelayMs: 10 })).key).toBe('maxRetryDelayMs');
    expect(thrown(() => retryPolicyFrom({ ...defaults, maxRetryAttempts: 1.5 })).key).toBe('maxRetryAttempts');
    expect(thrown(() => healthMonitorSettingsFrom(defaults, { healthCheckIntervalMinutes: Number.NaN })).key).toBe('healthCheckIntervalMinutes');
    expect(thrown(() => new RetryBudget({ maxTokens: 10, tokenRatio: 0 })).key).toBe('retryBudgetTokenRatio');
  });
});

describe('retry budget', () => {
  it('allows retries while more than half the tokens remain; failures take one, successes give back the ratio', () => {
    const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 });
    for (let i = 0; i < 4; i++) budget.recordFailure();
    expect(budget.canRetry()).toBe(true);
    budget.recordFailure();
    expect(budget.tokens).toBe(5);
    expect(budget.canRetry()).toBe(false);
    for (let i = 0; i < 2; i++) budget.recordSuccess();
    expect(budget.canRetry()).toBe(true);
    for (let i = 0; i < 1000; i++) budget.recordSuccess();
    expect(budget.tokens).toBe(10);
    for (let i = 0; i < 1000; i++) budget.recordFailure();
    expect(budget.toJSON()).toEqual({ tokens: 0, maxTokens: 10, tokenRatio: 0.1 });
  });
});
