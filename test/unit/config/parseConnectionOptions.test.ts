import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigWarning, ConnectionOptions } from '../../../src/config/index.js';
import { defaultConnectionOptions, parseConnectionOptions } from '../../../src/config/index.js';
import { configErrorOf } from './support/settingsDir.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseConnectionOptions', () => {
  it('returns every default for no input', () => {
    expect(parseConnectionOptions()).toEqual(defaultConnectionOptions);
  });

  it('has the seed defaults and the design additions', () => {
    expect(defaultConnectionOptions).toEqual({
      defaultTimeoutSeconds: 30, healthCheckTimeoutSeconds: 5, taskOperationTimeoutSeconds: 60, fileOperationTimeoutSeconds: 120,
      maxRetryAttempts: 3, baseRetryDelayMs: 1000, maxRetryDelayMs: 30000, circuitBreakerFailureThreshold: 5,
      circuitBreakerSamplingDurationSeconds: 60, circuitBreakerMinimumThroughput: 3, circuitBreakerBreakDurationSeconds: 30,
      connectionPoolSize: 10, connectionPoolTimeoutMs: 5000, enableConnectionPooling: true, enableCircuitBreaker: true,
      enableJitter: true, jitterMode: 'decorrelated', circuitBreakerHalfOpenProbes: 1, circuitBreakerFailureRatio: null,
      circuitBreakerMaxBreakDurationSeconds: 300, retryBudgetMaxTokens: 10, retryBudgetTokenRatio: 0.1,
      retryAfterMaxSeconds: 60, maxResponseBytes: 10485760, degradedHealthCheckIntervalSeconds: 5, idempotencyKeySupport: 'auto',
      proxyUrl: null, proxyBypassList: null,
    } satisfies ConnectionOptions);
    expect(Object.isFrozen(defaultConnectionOptions)).toBe(true);
  });

  it('fills the missing keys of a partial with their defaults', () => {
    const options = parseConnectionOptions({ maxRetryAttempts: 1, enableCircuitBreaker: false, jitterMode: 'full' });
    expect(options).toEqual({ ...defaultConnectionOptions, maxRetryAttempts: 1, enableCircuitBreaker: false, jitterMode: 'full' });
  });

  it('accepts the PascalCase names of appsettings.json too', () => {
    const pascal = { MaxRetryAttempts: 2 } as unknown as Partial<ConnectionOptions>;
    expect(parseConnectionOptions(pascal).maxRetryAttempts).toBe(2);
  });

  it('does not modify its input', () => {
    const input = Object.freeze({ circuitBreakerBreakDurationSeconds: 600 });
    const options = parseConnectionOptions(input);
    expect(options.circuitBreakerMaxBreakDurationSeconds).toBe(600);
    expect(input).toEqual({ circuitBreakerBreakDurationSeconds: 600 });
  });

  it('throws a ConfigError with source "options" for a value out of range', () => {
    const error = configErrorOf(() => parseConnectionOptions({ maxRetryAttempts: -1 }));
    expect(error.message).toBe('options: Connection.MaxRetryAttempts = -1 is not allowed (integer 0..100)');
  });

  it('names the source it is given', () => {
    const error = configErrorOf(() => parseConnectionOptions({ connectionPoolSize: 0 }, { source: 'ConnectionManager options' }));
    expect(error.source).toBe('ConnectionManager options');
  });

  it('checks the rules between Connection keys', () => {
    const error = configErrorOf(() => parseConnectionOptions({ baseRetryDelayMs: 5000, maxRetryDelayMs: 4000 }));
    expect({ key: error.key, allowed: error.allowed }).toEqual({ key: 'Connection.MaxRetryDelayMs', allowed: 'at least Connection.BaseRetryDelayMs (5000)' });
  });

  it('rejects something that is not an object', () => {
    const error = configErrorOf(() => parseConnectionOptions(42 as unknown as Partial<ConnectionOptions>));
    expect({ key: error.key, problem: error.problem }).toEqual({ key: 'Connection', problem: 'must be an object of settings' });
  });

  it('hands unknown keys and out-of-range values to onWarning', () => {
    const warnings: ConfigWarning[] = [];
    const input = { maxRetryAttempts: 9, maxRetries: 2 } as unknown as Partial<ConnectionOptions>;
    parseConnectionOptions(input, { onWarning: (warning) => warnings.push(warning) });
    expect(warnings.map((w) => [w.kind, w.path, w.source])).toEqual([
      ['unknownKey', 'Connection.maxRetries', 'options'],
      ['outsideRecommended', 'Connection.MaxRetryAttempts', 'options'],
    ]);
  });

  it('says in code notation where a key of ApiSettings belongs, and which key a near miss meant', () => {
    const warnings: ConfigWarning[] = [];
    const input = { enableAutoRecovery: false, maxRetryAtempts: 1 } as unknown as Partial<ConnectionOptions>;
    parseConnectionOptions(input, { onWarning: (warning) => warnings.push(warning) });
    expect(warnings.map((w) => w.message)).toEqual([
      'options: unknown key Connection.enableAutoRecovery is ignored (belongs in apiSettings: apiSettings.enableAutoRecovery)',
      'options: unknown key Connection.maxRetryAtempts is ignored (did you mean maxRetryAttempts?)',
    ]);
  });

  it('reports unknown keys through process.emitWarning when no onWarning is given, and nothing else', () => {
    const emitted = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    parseConnectionOptions({ maxRetryAttempts: 9, maxRetries: 2 } as unknown as Partial<ConnectionOptions>);
    expect(emitted).toHaveBeenCalledTimes(1);
    expect(emitted).toHaveBeenCalledWith('options: unknown key Connection.maxRetries is ignored', { type: 'ConfigWarning' });
  });
});
