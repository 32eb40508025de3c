import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/index.js';
import { EMPTY_ENV, removeSettingsDirs, settingsDir } from './support/settingsDir.js';

afterAll(removeSettingsDirs);

describe('loadSettings unknown-key warnings', () => {
  it('warns about an unknown Connection key, suggests the near miss, and still loads', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { MaxRetryAttempt: 2 } } });
    const settings = loadSettings({ directory, env: EMPTY_ENV });
    const file = join(directory, 'appsettings.json');
    expect(settings.connection.maxRetryAttempts).toBe(3);
    expect(settings.warnings).toEqual([
      {
        kind: 'unknownKey', path: 'Connection.MaxRetryAttempt', value: 2, source: file, hint: 'did you mean MaxRetryAttempts?',
        message: `${file}: unknown key Connection.MaxRetryAttempt is ignored (did you mean MaxRetryAttempts?)`,
      },
    ]);
  });

  it('warns without a suggestion when nothing is close', () => {
    const directory = settingsDir({ 'appsettings.json': { ApiSettings: { Region: 'eu' } } });
    const [warning] = loadSettings({ directory, env: EMPTY_ENV }).warnings;
    expect(warning?.message).toBe(`${join(directory, 'appsettings.json')}: unknown key ApiSettings.Region is ignored`);
  });

  it('warns about an unknown key from an environment variable, naming the variable', () => {
    const settings = loadSettings({ directory: settingsDir({}), env: { Connection__EnableJiter: 'false' } });
    expect(settings.warnings).toEqual([
      expect.objectContaining({
        kind: 'unknownKey', path: 'Connection.EnableJiter', value: 'false', source: 'environment variable Connection__EnableJiter',
      }),
    ]);
    expect(settings.warnings[0]?.message).toContain('did you mean EnableJitter?');
  });

  it('warns about a nested environment variable under a section', () => {
    const settings = loadSettings({ directory: settingsDir({}), env: { Connection__Pool__Size: '4' } });
    expect(settings.warnings.map((w) => w.path)).toEqual(['Connection.Pool.Size']);
  });

  it('warns about an unknown key given in code', () => {
    const overrides = { connection: { retries: 2 } } as unknown as { connection: { maxRetryAttempts: number } };
    const settings = loadSettings({ directory: settingsDir({}), env: EMPTY_ENV, overrides });
    expect(settings.warnings).toEqual([expect.objectContaining({ kind: 'unknownKey', path: 'Connection.retries', source: 'options' })]);
  });

  it('warns about a nested section inside Logging.LogLevel, which .NET ignores', () => {
    const directory = settingsDir({ 'appsettings.json': { Logging: { LogLevel: { Default: 'Warning', VCDevTool: { Client: 'Debug' } } } } });
    const settings = loadSettings({ directory, env: EMPTY_ENV });
    expect(settings.logging.logLevel).toEqual({ Default: 'Warning' });
    expect(settings.warnings).toEqual([expect.objectContaining({ kind: 'unknownKey', path: 'Logging.LogLevel.VCDevTool', value: { Client: 'Debug' } })]);
  });

  it('warns about a nested Logging__LogLevel variable instead of guessing dots', () => {
    const settings = loadSettings({ directory: settingsDir({}), env: { Logging__LogLevel__VCDevTool__Client: 'Debug' } });
    expect(settings.logging.logLevel).toEqual({ Default: 'Information' });
    expect(settings.warnings.map((w) => [w.kind, w.path])).toEqual([['unknownKey', 'Logging.LogLevel.VCDevTool:Client']]);
  });

  it('redacts the value of an unknown secret-named key', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { ApiKey: 'k-12345', Proxy: 'http://svc:hunter2@proxy:3128' } } });
    const settings = loadSettings({ directory, env: EMPTY_ENV });
    expect(settings.warnings.map((w) => w.value)).toEqual(['[REDACTED]', 'http://svc:[REDACTED]@proxy:3128']);
    expect(JSON.stringify(settings.warnings)).not.toMatch(/k-12345|hunter2/);
  });

  it('does not warn about sections that belong to the host', () => {
    const directory = settingsDir({
      'appsettings.json': {
        ConnectionStrings: { TaskDb: 'Server=x' }, AllowedHosts: '*', Kestrel: { Endpoints: {} },
        Logging: { Console: { FormatterName: 'json' }, EventLog: { LogLevel: { Default: 'Error' } } },
      },
    });
    expect(loadSettings({ directory, env: EMPTY_ENV }).warnings).toEqual([]);
  });
});

describe('loadSettings recommended-range warnings', () => {
  it.each([
    ['below', { MaxRetryAttempts: 0 }, 'Connection.MaxRetryAttempts', 0, '1..5'],
    ['above', { ConnectionPoolSize: 50 }, 'Connection.ConnectionPoolSize', 50, '5..20'],
    ['below', { BaseRetryDelayMs: 100, MaxRetryDelayMs: 10000 }, 'Connection.BaseRetryDelayMs', 100, '500..2000'],
    ['above', { CircuitBreakerBreakDurationSeconds: 300 }, 'Connection.CircuitBreakerBreakDurationSeconds', 300, '15..120'],
  ])('warns about a valid value %s the seed\'s range, naming the file', (_side, connection, path, value, range) => {
    const directory = settingsDir({ 'appsettings.json': { Connection: connection } });
    const settings = loadSettings({ directory, env: EMPTY_ENV });
    const file = join(directory, 'appsettings.json');
    expect(settings.warnings).toEqual([
      { kind: 'outsideRecommended', path, value, source: file, message: `${file}: ${path} = ${value} is outside the recommended range ${range}` },
    ]);
  });

  it('names the layer that set the final value, not an earlier one', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { MaxRetryAttempts: 9 } } });
    const settings = loadSettings({ directory, env: { Connection__MaxRetryAttempts: '8' } });
    expect(settings.warnings.map((w) => [w.source, w.value])).toEqual([['environment variable Connection__MaxRetryAttempts', 8]]);
  });

  it('does not warn when a later layer brings the value back into range', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { MaxRetryAttempts: 9 } } });
    expect(loadSettings({ directory, env: EMPTY_ENV, overrides: { connection: { maxRetryAttempts: 3 } } }).warnings).toEqual([]);
  });

  it('accepts the ends of a recommended range without a warning', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { MaxRetryAttempts: 5, DefaultTimeoutSeconds: 15, ConnectionPoolSize: 20 } } });
    expect(loadSettings({ directory, env: EMPTY_ENV }).warnings).toEqual([]);
  });
});
