import { describe, expect, it } from 'vitest';
import { enhancedSettingsFrom } from '../../../src/pipeline/settings.js';
import type { ConfigWarning, ConnectionOptions } from '../../../src/config/types.js';
import { ConfigError } from '../../../src/errors/ConfigError.js';

describe('enhancedSettingsFrom', () => {
  it('gives each timeout profile its deadline from the seed defaults', () => {
    expect(enhancedSettingsFrom().deadlineMs).toEqual({ health: 5000, default: 30_000, task: 60_000, file: 120_000 });
  });

  it('converts seconds to the machines\' milliseconds, fractions included', () => {
    const settings = enhancedSettingsFrom({
      circuitBreakerBreakDurationSeconds: 0.25, circuitBreakerFailureThreshold: 2, defaultTimeoutSeconds: 0.5, retryAfterMaxSeconds: 3,
    });
    expect(settings.breaker).toMatchObject({ breakDurationMs: 250, failureThreshold: 2, retryAfterCapMs: 3000 });
    expect(settings.retryPolicy).toMatchObject({ attemptTimeoutMs: 500, jitterMode: 'decorrelated', retryAfterCapMs: 3000 });
    expect(settings.deadlineMs.default).toBe(500);
  });

  it('turns jitter off when EnableJitter is false, whatever JitterMode says', () => {
    expect(enhancedSettingsFrom({ enableJitter: false, jitterMode: 'full' }).retryPolicy.jitterMode).toBe('none');
  });

  it('carries the retry budget settings', () => {
    expect(enhancedSettingsFrom({ retryBudgetMaxTokens: 4, retryBudgetTokenRatio: 0.5 }).retryBudget).toEqual({ maxTokens: 4, tokenRatio: 0.5 });
  });

  it('rejects a bad value with a ConfigError naming the key', () => {
    const bad = () => enhancedSettingsFrom({ maxRetryAttempts: -1 });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/MaxRetryAttempts/);
  });

  it('rejects a base delay above the max delay, naming both', () => {
    expect(() => enhancedSettingsFrom({ baseRetryDelayMs: 5000, maxRetryDelayMs: 1000 })).toThrow(/MaxRetryDelayMs.*BaseRetryDelayMs|BaseRetryDelayMs.*MaxRetryDelayMs/);
  });

  it('hands unknown keys to the warning callback', () => {
    const warnings: ConfigWarning[] = [];
    enhancedSettingsFrom({ maxRetryAttempt: 2 } as Partial<ConnectionOptions>, (warning) => warnings.push(warning));
    expect(warnings).toMatchObject([{ kind: 'unknownKey' }]);
  });
});
