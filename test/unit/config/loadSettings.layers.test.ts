import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { defaultApiSettings, defaultConnectionOptions, loadSettings } from '../../../src/config/index.js';
import { EMPTY_ENV, fixture, removeSettingsDirs, settingsDir } from './support/settingsDir.js';

afterAll(removeSettingsDirs);

describe('loadSettings layers', () => {
  it('returns the seed defaults when there is no file, no variable and no override', () => {
    const settings = loadSettings({ directory: settingsDir({}), env: EMPTY_ENV });
    expect(settings.connection).toEqual(defaultConnectionOptions);
    expect(settings.apiSettings).toEqual(defaultApiSettings);
    expect(settings.logging).toEqual({ logLevel: { Default: 'Information' } });
    expect(settings.warnings).toEqual([]);
    expect(settings.sources).toEqual(['defaults']);
  });

  it('applies appsettings.json over the defaults', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { MaxRetryAttempts: 2 }, ApiSettings: { BaseUrl: 'https://tasks.corp.example' } } });
    const settings = loadSettings({ directory, env: EMPTY_ENV });
    expect(settings.connection.maxRetryAttempts).toBe(2);
    expect(settings.connection.baseRetryDelayMs).toBe(1000);
    expect(settings.apiSettings.baseUrl).toBe('https://tasks.corp.example');
    expect(settings.sources).toEqual(['defaults', join(directory, 'appsettings.json')]);
  });

  it('applies appsettings.{Environment}.json over appsettings.json, key by key', () => {
    const directory = settingsDir({
      'appsettings.json': { Connection: { MaxRetryAttempts: 2, ConnectionPoolSize: 8 } },
      'appsettings.Staging.json': { Connection: { MaxRetryAttempts: 4 } },
    });
    const settings = loadSettings({ directory, environment: 'Staging', env: EMPTY_ENV });
    expect(settings.connection.maxRetryAttempts).toBe(4);
    expect(settings.connection.connectionPoolSize).toBe(8);
    expect(settings.sources).toEqual(['defaults', join(directory, 'appsettings.json'), join(directory, 'appsettings.Staging.json')]);
  });

  it('reads the environment file even when appsettings.json is missing', () => {
    const directory = settingsDir({ 'appsettings.Production.json': { Connection: { MaxRetryAttempts: 4 } } });
    expect(loadSettings({ directory, env: EMPTY_ENV }).connection.maxRetryAttempts).toBe(4);
  });

  it('applies environment variables over both files', () => {
    const directory = settingsDir({
      'appsettings.json': { Connection: { MaxRetryAttempts: 2 } },
      'appsettings.Production.json': { Connection: { MaxRetryAttempts: 4 } },
    });
    const settings = loadSettings({ directory, env: { Connection__MaxRetryAttempts: '5' } });
    expect(settings.connection.maxRetryAttempts).toBe(5);
    expect(settings.sources.at(-1)).toBe('environment variable Connection__MaxRetryAttempts');
  });

  it('matches environment variable names in any casing and with ":" as well as "__"', () => {
    const settings = loadSettings({
      directory: settingsDir({}),
      env: {
        CONNECTION__MAXRETRYATTEMPTS: '5',
        'apisettings:baseurl': 'http://10.1.2.3:5289',
        logging__loglevel__VCDevTool: 'debug',
      },
    });
    expect(settings.connection.maxRetryAttempts).toBe(5);
    expect(settings.apiSettings.baseUrl).toBe('http://10.1.2.3:5289');
    expect(settings.logging.logLevel).toEqual({ Default: 'Information', VCDevTool: 'Debug' });
  });

  it('converts environment text to numbers, booleans, enum names and null like the .NET binder', () => {
    const settings = loadSettings({
      directory: settingsDir({}),
      env: {
        Connection__BaseRetryDelayMs: ' 750 ',
        Connection__DefaultTimeoutSeconds: '22.5',
        Connection__EnableJitter: 'FALSE',
        Connection__JitterMode: 'Full',
        Connection__CircuitBreakerFailureRatio: '0.5',
        ApiSettings__UseEnhancedClient: 'false',
      },
    });
    expect(settings.connection).toMatchObject({
      baseRetryDelayMs: 750, defaultTimeoutSeconds: 22.5, enableJitter: false, jitterMode: 'full', circuitBreakerFailureRatio: 0.5,
    });
    expect(settings.apiSettings.useEnhancedClient).toBe(false);
  });

  it('reads IdempotencyKeySupport as .NET writes it (Auto, Always, Never, any casing), a variable over the file', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { IdempotencyKeySupport: 'Never' } } });
    expect(loadSettings({ directory, env: {} }).connection.idempotencyKeySupport).toBe('never');
    expect(loadSettings({ directory, env: { Connection__IdempotencyKeySupport: 'ALWAYS' } }).connection.idempotencyKeySupport).toBe('always');
    expect(loadSettings({ directory: settingsDir({}), env: {} }).connection.idempotencyKeySupport).toBe('auto');
  });

  it('reads an empty CircuitBreakerFailureRatio variable as null, switching a file\'s ratio off', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { CircuitBreakerFailureRatio: 0.7 } } });
    expect(loadSettings({ directory, env: {} }).connection.circuitBreakerFailureRatio).toBe(0.7);
    expect(loadSettings({ directory, env: { Connection__CircuitBreakerFailureRatio: '' } }).connection.circuitBreakerFailureRatio).toBeNull();
  });

  it('ignores environment variables of other sections and of no section', () => {
    const settings = loadSettings({
      directory: settingsDir({}),
      env: { PATH: '/usr/bin', ConnectionStrings__TaskDb: 'Server=x', Logging__Console__FormatterName: 'json', HOME: undefined },
    });
    expect(settings.connection).toEqual(defaultConnectionOptions);
    expect(settings.warnings).toEqual([]);
    expect(settings.sources).toEqual(['defaults']);
  });

  it('applies options in code last, over environment variables', () => {
    const settings = loadSettings({
      directory: settingsDir({ 'appsettings.json': { Connection: { MaxRetryAttempts: 2 } } }),
      env: { Connection__MaxRetryAttempts: '5', Connection__ConnectionPoolSize: '12' },
      overrides: { connection: { maxRetryAttempts: 0 }, logging: { logLevel: { Default: 'Warning' } } },
    });
    expect(settings.connection.maxRetryAttempts).toBe(0);
    expect(settings.connection.connectionPoolSize).toBe(12);
    expect(settings.logging.logLevel.Default).toBe('Warning');
    expect(settings.sources.at(-1)).toBe('options');
  });

  it('treats an override of undefined as not given', () => {
    const settings = loadSettings({
      directory: settingsDir({}),
      env: { Connection__MaxRetryAttempts: '5' },
      overrides: { connection: { maxRetryAttempts: undefined } },
    });
    expect(settings.connection.maxRetryAttempts).toBe(5);
  });

  it('matches section and key names in files case-insensitively', () => {
    const directory = settingsDir({ 'appsettings.json': { connection: { maxretryattempts: 2 }, APISETTINGS: { baseurl: 'http://h:1' } } });
    const settings = loadSettings({ directory, env: EMPTY_ENV });
    expect(settings.connection.maxRetryAttempts).toBe(2);
    expect(settings.apiSettings.baseUrl).toBe('http://h:1');
  });

  it('merges Logging.LogLevel categories across layers, later layers winning whatever the casing', () => {
    const directory = settingsDir({
      'appsettings.json': { Logging: { LogLevel: { Default: 'Warning', 'VCDevTool.Client': 'Information', Microsoft: 'Error' } } },
      'appsettings.Production.json': { Logging: { LogLevel: { 'vcdevtool.client': 'Debug' } } },
    });
    const settings = loadSettings({ directory, env: { Logging__LogLevel__Default: 'Trace' } });
    expect(settings.logging.logLevel).toEqual({ Default: 'Trace', Microsoft: 'Error', 'vcdevtool.client': 'Debug' });
  });

  it('leaves the sections of the host alone: ConnectionStrings, AllowedHosts, Logging.Console', () => {
    const settings = loadSettings({ directory: fixture('realistic'), env: EMPTY_ENV });
    expect(settings.warnings).toEqual([]);
    expect(settings.connection).toMatchObject({ maxRetryAttempts: 4, enableJitter: true, circuitBreakerBreakDurationSeconds: 45 });
    expect(settings.apiSettings).toMatchObject({ baseUrl: 'http://vcdevtool-server.corp.example:5289', healthCheckIntervalMinutes: 2 });
    expect(settings.logging.logLevel).toEqual({
      Default: 'Information', 'Microsoft.Hosting.Lifetime': 'Warning', 'VCDevTool.Client.Services': 'Debug',
    });
  });

  it('lets CircuitBreakerMaxBreakDurationSeconds follow a longer break when no layer sets it', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { CircuitBreakerBreakDurationSeconds: 600 } } });
    const settings = loadSettings({ directory, env: EMPTY_ENV });
    expect(settings.connection.circuitBreakerMaxBreakDurationSeconds).toBe(600);
    expect(loadSettings({ directory: settingsDir({}), env: EMPTY_ENV }).connection.circuitBreakerMaxBreakDurationSeconds).toBe(300);
  });
});

describe('loadSettings environment name', () => {
  const files = {
    'appsettings.Production.json': { Connection: { MaxRetryAttempts: 5 } },
    'appsettings.Development.json': { Connection: { MaxRetryAttempts: 1 } },
    'appsettings.Staging.json': { Connection: { MaxRetryAttempts: 2 } },
  };

  it('is Production when nothing names one, as in .NET', () => {
    const settings = loadSettings({ directory: settingsDir(files), env: EMPTY_ENV });
    expect(settings.environment).toBe('Production');
    expect(settings.connection.maxRetryAttempts).toBe(5);
  });

  it('comes from DOTNET_ENVIRONMENT, then ASPNETCORE_ENVIRONMENT', () => {
    const directory = settingsDir(files);
    expect(loadSettings({ directory, env: { ASPNETCORE_ENVIRONMENT: 'Staging' } }).environment).toBe('Staging');
    const both = loadSettings({ directory, env: { DOTNET_ENVIRONMENT: 'Development', ASPNETCORE_ENVIRONMENT: 'Staging' } });
    expect(both.environment).toBe('Development');
    expect(both.connection.maxRetryAttempts).toBe(1);
  });

  it('passes over an empty DOTNET_ENVIRONMENT', () => {
    expect(loadSettings({ directory: settingsDir(files), env: { DOTNET_ENVIRONMENT: '', ASPNETCORE_ENVIRONMENT: 'Staging' } }).environment).toBe('Staging');
  });

  it('is the environment option when given, whatever the variables say', () => {
    const settings = loadSettings({ directory: settingsDir(files), environment: 'Staging', env: { DOTNET_ENVIRONMENT: 'Development' } });
    expect(settings.environment).toBe('Staging');
    expect(settings.connection.maxRetryAttempts).toBe(2);
  });

  it('reads process.env when no env is given', () => {
    vi.stubEnv('Connection__ConnectionPoolSize', '7');
    vi.stubEnv('DOTNET_ENVIRONMENT', 'Staging');
    try {
      const settings = loadSettings({ directory: settingsDir(files) });
      expect(settings.environment).toBe('Staging');
      expect(settings.connection.connectionPoolSize).toBe(7);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
