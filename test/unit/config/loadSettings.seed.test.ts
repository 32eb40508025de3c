import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultApiSettings, defaultConnectionOptions, loadSettings } from '../../../src/config/index.js';
import { EMPTY_ENV, fixture } from './support/settingsDir.js';

// The seed guide's appsettings.json and its three environment examples, copied verbatim into test/fixtures.
const directory = fixture('seed');

describe("the seed guide's configuration examples", () => {
  it('loads the seed appsettings.json unchanged, to exactly the defaults', () => {
    const settings = loadSettings({ directory, environment: 'None', env: EMPTY_ENV });
    expect(settings.connection).toEqual(defaultConnectionOptions);
    expect(settings.apiSettings).toEqual(defaultApiSettings);
    expect(settings.warnings).toEqual([]);
  });

  it('loads the Development example: breaker off, one retry, 10 s timeout (below the recommended 15..60, a warning)', () => {
    const settings = loadSettings({ directory, environment: 'Development', env: EMPTY_ENV });
    expect(settings.connection).toMatchObject({ enableCircuitBreaker: false, maxRetryAttempts: 1, defaultTimeoutSeconds: 10 });
    expect(settings.warnings).toEqual([
      {
        kind: 'outsideRecommended',
        path: 'Connection.DefaultTimeoutSeconds',
        value: 10,
        source: join(directory, 'appsettings.Development.json'),
        message: `${join(directory, 'appsettings.Development.json')}: Connection.DefaultTimeoutSeconds = 10 is outside the recommended range 15..60`,
      },
    ]);
  });

  it('loads the Production example without a warning', () => {
    const settings = loadSettings({ directory, environment: 'Production', env: EMPTY_ENV });
    expect(settings.connection).toMatchObject({
      enableCircuitBreaker: true, maxRetryAttempts: 5, defaultTimeoutSeconds: 60, circuitBreakerBreakDurationSeconds: 60,
    });
    expect(settings.warnings).toEqual([]);
  });

  it('loads the High-latency example; its 120 s default timeout is above the recommended range, a warning', () => {
    const settings = loadSettings({ directory, environment: 'HighLatency', env: EMPTY_ENV });
    expect(settings.connection).toMatchObject({
      defaultTimeoutSeconds: 120, taskOperationTimeoutSeconds: 300, maxRetryDelayMs: 60000, circuitBreakerBreakDurationSeconds: 120,
    });
    expect(settings.warnings.map((w) => [w.kind, w.path, w.value])).toEqual([
      ['outsideRecommended', 'Connection.DefaultTimeoutSeconds', 120],
    ]);
  });
});
