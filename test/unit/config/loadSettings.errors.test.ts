import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, isConfigError, loadSettings } from '../../../src/config/index.js';
import { EMPTY_ENV, configErrorOf, fixture, removeSettingsDirs, settingsDir } from './support/settingsDir.js';

afterAll(removeSettingsDirs);

/** Loads a folder whose appsettings.Production.json holds `connection` in its Connection section. */
function loadProductionConnection(connection: Record<string, unknown>): () => unknown {
  const directory = settingsDir({ 'appsettings.Production.json': { Connection: connection } });
  return () => loadSettings({ directory, env: EMPTY_ENV });
}

describe('loadSettings value errors', () => {
  it('names the file, the key, the value and what is allowed for an out-of-range MaxRetryAttempts', () => {
    const directory = settingsDir({ 'appsettings.Production.json': { Connection: { MaxRetryAttempts: -1 } } });
    const error = configErrorOf(() => loadSettings({ directory, env: EMPTY_ENV }));
    const file = join(directory, 'appsettings.Production.json');
    expect(error.code).toBe('ERR_CONFIG');
    expect(isConfigError(error)).toBe(true);
    expect({ source: error.source, key: error.key, value: error.value, allowed: error.allowed }).toEqual({
      source: file, key: 'Connection.MaxRetryAttempts', value: -1, allowed: 'integer 0..100',
    });
    expect(error.message).toBe(`${file}: Connection.MaxRetryAttempts = -1 is not allowed (integer 0..100)`);
  });

  it('says which IdempotencyKeySupport values are allowed, in one line naming the file and the key', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { IdempotencyKeySupport: 'Sometimes' } } });
    const error = configErrorOf(() => loadSettings({ directory, env: EMPTY_ENV }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`${join(directory, 'appsettings.json')}: Connection.IdempotencyKeySupport = "Sometimes" is not allowed (one of auto, always, never)`);
  });

  it.each([
    ['a fraction for an integer key', { MaxRetryAttempts: 2.5 }, 'Connection.MaxRetryAttempts', 2.5, 'integer 0..100'],
    ['text that is not a number', { BaseRetryDelayMs: 'soon' }, 'Connection.BaseRetryDelayMs', 'soon', 'integer 0..600000'],
    ['a number for a boolean', { EnableJitter: 1 }, 'Connection.EnableJitter', 1, 'true or false'],
    ['an object for a number', { ConnectionPoolSize: { Max: 5 } }, 'Connection.ConnectionPoolSize', { Max: 5 }, 'integer 1..1000'],
    ['null for a key that cannot be off', { DefaultTimeoutSeconds: null }, 'Connection.DefaultTimeoutSeconds', null, 'number > 0 and <= 3600'],
    ['zero for a timeout', { HealthCheckTimeoutSeconds: 0 }, 'Connection.HealthCheckTimeoutSeconds', 0, 'number > 0 and <= 300'],
    ['an unknown jitter mode', { JitterMode: 'random' }, 'Connection.JitterMode', 'random', 'one of none, full, equal, decorrelated'],
    ['an unknown IdempotencyKeySupport', { IdempotencyKeySupport: 'sometimes' }, 'Connection.IdempotencyKeySupport', 'sometimes', 'one of auto, always, never'],
    ['a boolean for IdempotencyKeySupport', { IdempotencyKeySupport: true }, 'Connection.IdempotencyKeySupport', true, 'one of auto, always, never'],
    ['a failure ratio above 1', { CircuitBreakerFailureRatio: 1.5 }, 'Connection.CircuitBreakerFailureRatio', 1.5, 'number > 0 and <= 1, or null (off)'],
    ['a pool of zero sockets', { ConnectionPoolSize: 0 }, 'Connection.ConnectionPoolSize', 0, 'integer 1..1000'],
  ])('rejects %s', (_name, connection, key, value, allowed) => {
    const error = configErrorOf(loadProductionConnection(connection));
    expect({ key: error.key, value: error.value, allowed: error.allowed }).toEqual({ key, value, allowed });
  });

  it.each([
    ['ftp://tasks.corp.example'],
    ['localhost:5289'],
    ['not a url'],
  ])('rejects BaseUrl %s: it must be an absolute http(s) URL', (baseUrl) => {
    const directory = settingsDir({ 'appsettings.json': { ApiSettings: { BaseUrl: baseUrl } } });
    const error = configErrorOf(() => loadSettings({ directory, env: EMPTY_ENV }));
    expect({ key: error.key, value: error.value, allowed: error.allowed }).toEqual({
      key: 'ApiSettings.BaseUrl', value: baseUrl, allowed: 'an absolute http:// or https:// URL',
    });
  });

  it('redacts a password in a rejected URL', () => {
    const error = configErrorOf(() => loadSettings({ directory: settingsDir({}), env: { ApiSettings__BaseUrl: 'ftp://svc:hunter2@files.corp.example' } }));
    expect(error.value).toBe('ftp://svc:[REDACTED]@files.corp.example');
    expect(error.message).not.toContain('hunter2');
  });

  it('names the environment variable when its text does not convert, showing the text', () => {
    const error = configErrorOf(() => loadSettings({ directory: settingsDir({}), env: { connection__maxretryattempts: 'five' } }));
    expect(error.message).toBe('environment variable connection__maxretryattempts: Connection.MaxRetryAttempts = "five" is not allowed (integer 0..100)');
    expect(error.source).toBe('environment variable connection__maxretryattempts');
  });

  it('shows a converted environment value as the number it became', () => {
    const error = configErrorOf(() => loadSettings({ directory: settingsDir({}), env: { Connection__MaxRetryAttempts: '-1' } }));
    expect(error.value).toBe(-1);
  });

  it('rejects a boolean variable that is not true or false', () => {
    const error = configErrorOf(() => loadSettings({ directory: settingsDir({}), env: { ApiSettings__UseEnhancedClient: 'yes' } }));
    expect({ key: error.key, value: error.value, allowed: error.allowed }).toEqual({ key: 'ApiSettings.UseEnhancedClient', value: 'yes', allowed: 'true or false' });
  });

  it('names "options" for a bad value given in code', () => {
    const error = configErrorOf(() => loadSettings({ directory: settingsDir({}), env: EMPTY_ENV, overrides: { connection: { maxRetryAttempts: 101 } } }));
    expect(error.message).toBe('options: Connection.MaxRetryAttempts = 101 is not allowed (integer 0..100)');
  });

  it('does not convert text given in code: options must have their real types', () => {
    const overrides = { connection: { maxRetryAttempts: '3' } } as unknown as { connection: { maxRetryAttempts: number } };
    const error = configErrorOf(() => loadSettings({ directory: settingsDir({}), env: EMPTY_ENV, overrides }));
    expect(error.key).toBe('Connection.MaxRetryAttempts');
  });

  it('rejects a level name .NET does not know', () => {
    const directory = settingsDir({ 'appsettings.json': { Logging: { LogLevel: { 'VCDevTool.Client': 'Verbose' } } } });
    const error = configErrorOf(() => loadSettings({ directory, env: EMPTY_ENV }));
    expect({ key: error.key, value: error.value, allowed: error.allowed }).toEqual({
      key: 'Logging.LogLevel.VCDevTool.Client', value: 'Verbose', allowed: 'one of Trace, Debug, Information, Warning, Error, Critical, None',
    });
  });

  it('rejects a category with two wildcards, as .NET does', () => {
    const error = configErrorOf(() => loadSettings({ directory: settingsDir({}), env: { 'Logging__LogLevel__VCDevTool.*.*': 'Debug' } }));
    expect(error.key).toBe('Logging.LogLevel.VCDevTool.*.*');
    expect(error.problem).toBe('a category may hold at most one *');
  });
});

describe('loadSettings rules between keys', () => {
  it('rejects MaxRetryDelayMs below BaseRetryDelayMs, naming MaxRetryDelayMs when both come from the same file', () => {
    const error = configErrorOf(loadProductionConnection({ BaseRetryDelayMs: 2000, MaxRetryDelayMs: 1500 }));
    expect({ key: error.key, value: error.value, allowed: error.allowed }).toEqual({
      key: 'Connection.MaxRetryDelayMs', value: 1500, allowed: 'at least Connection.BaseRetryDelayMs (2000)',
    });
  });

  it('blames the key set by the later layer, here BaseRetryDelayMs from an environment variable', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { MaxRetryDelayMs: 10000 } } });
    const error = configErrorOf(() => loadSettings({ directory, env: { Connection__BaseRetryDelayMs: '20000' } }));
    expect(error.message).toBe(
      'environment variable Connection__BaseRetryDelayMs: Connection.BaseRetryDelayMs = 20000 is not allowed (at most Connection.MaxRetryDelayMs (10000))',
    );
  });

  it('blames a BaseRetryDelayMs set above the default MaxRetryDelayMs', () => {
    const error = configErrorOf(loadProductionConnection({ BaseRetryDelayMs: 40000 }));
    expect({ key: error.key, value: error.value }).toEqual({ key: 'Connection.BaseRetryDelayMs', value: 40000 });
  });

  it('rejects a health-check timeout that is not shorter than the health-check interval', () => {
    const directory = settingsDir({ 'appsettings.json': { ApiSettings: { HealthCheckIntervalMinutes: 0.05 } } });
    const error = configErrorOf(() => loadSettings({ directory, env: EMPTY_ENV }));
    expect({ source: error.source, key: error.key, value: error.value, allowed: error.allowed }).toEqual({
      source: join(directory, 'appsettings.json'),
      key: 'ApiSettings.HealthCheckIntervalMinutes',
      value: 0.05,
      allowed: 'more than Connection.HealthCheckTimeoutSeconds (5 s) in minutes, 0.0833',
    });
    const equal = configErrorOf(loadProductionConnection({ HealthCheckTimeoutSeconds: 60 }));
    expect({ key: equal.key, allowed: equal.allowed }).toEqual({
      key: 'Connection.HealthCheckTimeoutSeconds', allowed: 'less than ApiSettings.HealthCheckIntervalMinutes (1) x 60 = 60 seconds',
    });
  });

  it('rejects a max break shorter than the break when both are set', () => {
    const error = configErrorOf(loadProductionConnection({ CircuitBreakerBreakDurationSeconds: 90, CircuitBreakerMaxBreakDurationSeconds: 60 }));
    expect({ key: error.key, value: error.value, allowed: error.allowed }).toEqual({
      key: 'Connection.CircuitBreakerMaxBreakDurationSeconds', value: 60, allowed: 'at least Connection.CircuitBreakerBreakDurationSeconds (90)',
    });
  });
});

describe('loadSettings file errors', () => {
  it('reports malformed JSON with the file, line and column', () => {
    const error = configErrorOf(() => loadSettings({ directory: fixture('malformed'), env: EMPTY_ENV }));
    const file = join(fixture('malformed'), 'appsettings.json');
    expect({ source: error.source, line: error.line, column: error.column, key: error.key }).toEqual({ source: file, line: 4, column: 5, key: '' });
    expect(error.message).toBe(
      `${file}:4:5: malformed JSON, unexpected '"', expected ',' or '}' after a property value (allowed: JSON; comments and trailing commas are accepted, as in .NET)`,
    );
  });

  it('rejects a file whose top level is not an object', () => {
    const directory = settingsDir({ 'appsettings.json': '[1, 2]' });
    const error = configErrorOf(() => loadSettings({ directory, env: EMPTY_ENV }));
    expect(error.problem).toBe('the top level is not a JSON object');
  });

  it.each([
    [{ Connection: 5 }, 'Connection'],
    [{ ApiSettings: 'http://h' }, 'ApiSettings'],
    [{ Logging: { LogLevel: 'Debug' } }, 'Logging.LogLevel'],
  ])('rejects a section that is not an object: %j', (content, key) => {
    const error = configErrorOf(() => loadSettings({ directory: settingsDir({ 'appsettings.json': content }), env: EMPTY_ENV }));
    expect({ key: error.key, problem: error.problem }).toEqual({ key, problem: 'must be an object of settings' });
  });

  it('rejects a key given twice in one file in different casing, as .NET does', () => {
    const directory = settingsDir({ 'appsettings.json': '{"Connection": {"MaxRetryAttempts": 2, "maxRetryAttempts": 3}}' });
    const error = configErrorOf(() => loadSettings({ directory, env: EMPTY_ENV }));
    expect(error.key).toBe('Connection.MaxRetryAttempts');
    expect(error.problem).toBe('given twice, as "MaxRetryAttempts" and as "maxRetryAttempts" (keys ignore case)');
  });

  it('rejects a key set by two environment variables that differ only in casing', () => {
    const error = configErrorOf(() => loadSettings({ directory: settingsDir({}), env: { Connection__MaxRetryAttempts: '2', CONNECTION__MAXRETRYATTEMPTS: '3' } }));
    expect(error.problem).toContain('given twice');
    expect(error.problem).toContain('by environment variable CONNECTION__MAXRETRYATTEMPTS');
  });

  it('allows the same key in two different layers', () => {
    const directory = settingsDir({
      'appsettings.json': { Connection: { MaxRetryAttempts: 2 } },
      'appsettings.Production.json': { connection: { maxretryattempts: 3 } },
    });
    expect(loadSettings({ directory, env: EMPTY_ENV }).connection.maxRetryAttempts).toBe(3);
  });

  it('reports a settings path that cannot be read', () => {
    const directory = settingsDir({});
    mkdirSync(join(directory, 'appsettings.json'));
    const error = configErrorOf(() => loadSettings({ directory, env: EMPTY_ENV }));
    expect(error.source).toBe(join(directory, 'appsettings.json'));
    expect(error.problem).toMatch(/^cannot be read: EISDIR/);
  });
});

describe('ConfigError collects every issue', () => {
  it('reports all the bad values of a file together, one line each', () => {
    const error = configErrorOf(loadProductionConnection({ MaxRetryAttempts: -1, EnableJitter: 'sometimes', ConnectionPoolSize: 0 }));
    expect(error.issues.map((issue) => issue.key)).toEqual(['Connection.MaxRetryAttempts', 'Connection.EnableJitter', 'Connection.ConnectionPoolSize']);
    expect(error.message.split('\n')).toHaveLength(3);
    expect(error.key).toBe('Connection.MaxRetryAttempts');
  });

  it('reports issues from every layer in one error: a malformed file and a bad variable', () => {
    const directory = settingsDir({ 'appsettings.json': '{"Connection": {', 'appsettings.Production.json': { Connection: { MaxRetryAttempts: 200 } } });
    const error = configErrorOf(() => loadSettings({ directory, env: { ApiSettings__EnableAutoRecovery: 'maybe' } }));
    expect(error.issues.map((issue) => issue.source)).toEqual([
      join(directory, 'appsettings.json'),
      join(directory, 'appsettings.Production.json'),
      'environment variable ApiSettings__EnableAutoRecovery',
    ]);
  });

  it('is recognised by isConfigError and not confused with other errors', () => {
    const error = configErrorOf(loadProductionConnection({ MaxRetryAttempts: -1 }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(isConfigError(error)).toBe(true);
    expect(isConfigError(new Error('x'))).toBe(false);
    expect(isConfigError(Object.assign(new Error('from another copy of the package'), { code: 'ERR_CONFIG' }))).toBe(true);
  });
});
