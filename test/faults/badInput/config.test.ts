import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError, ConnectionManager, EnhancedApiClient, InvalidArgumentError, isInvalidMachineSettingsError, loadSettings,
} from '../../../src/index.js';
import { activeResourceCounts } from '../../helpers/activeResources.js';
import { GOOD_TASK, send, startScriptedServer } from './support/scriptedServer.js';
import type { ScriptedServer } from './support/scriptedServer.js';
import { failOnUnhandled } from './support/unhandled.js';

failOnUnhandled();

const folders: string[] = [];

/** A folder holding `appsettings.json` (and the Production file when given), written as given. */
function settingsFolder(appsettings: string, production?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-faults-config-'));
  folders.push(dir);
  writeFileSync(join(dir, 'appsettings.json'), appsettings);
  if (production !== undefined) writeFileSync(join(dir, 'appsettings.Production.json'), production);
  return dir;
}

/** loadSettings as a host calls it, without the test process's environment. */
function load(dir: string) {
  return loadSettings({ directory: dir, environment: 'Production', env: {} });
}

function configErrorOf(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A bad appsettings.json, the key the error must name ('' for the whole file) and text its message must hold. */
interface BadFile {
  readonly name: string;
  readonly text: string;
  readonly key: string;
  readonly says: RegExp;
  readonly line?: number;
}

const connection = (body: string) => `{\n  "Connection": {\n    ${body}\n  }\n}\n`;

const badFiles: readonly BadFile[] = [
  { name: 'a missing comma', text: connection('"MaxRetryAttempts": 3\n    "BaseRetryDelayMs": 10'), key: '', says: /malformed JSON.*expected ',' or '}'/, line: 4 },
  { name: 'an unterminated string', text: connection('"JitterMode": "full\n'), key: '', says: /malformed JSON, unterminated string/, line: 3 },
  { name: 'binary garbage', text: '\u0000\u0001\u00ff\u00fe', key: '', says: /malformed JSON/, line: 1 },
  { name: 'JSON nested 10000 deep', text: `{"Other": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`, key: '', says: /malformed JSON, nested deeper than/, line: 1 },
  { name: 'objects nested 10000 deep', text: `{"Other": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`, key: '', says: /malformed JSON, nested deeper than/, line: 1 },
  { name: 'a top level that is a list', text: '[{"Connection": {}}]', key: '', says: /object/ },
  { name: 'a Connection section that is a list', text: '{"Connection": [3]}', key: 'Connection', says: /must be an object/ },
  { name: 'a number written as a word', text: connection('"MaxRetryAttempts": "three"'), key: 'Connection.MaxRetryAttempts', says: /"three".*integer 0\.\.100/ },
  { name: 'a boolean that is neither', text: connection('"EnableCircuitBreaker": "maybe"'), key: 'Connection.EnableCircuitBreaker', says: /"maybe"/ },
  { name: 'an unknown jitter mode', text: connection('"JitterMode": "chaos"'), key: 'Connection.JitterMode', says: /"chaos".*none, full, equal, decorrelated/ },
  { name: 'a negative retry count', text: connection('"MaxRetryAttempts": -1'), key: 'Connection.MaxRetryAttempts', says: /= -1 is not allowed \(integer 0\.\.100\)/ },
  { name: 'a fractional retry count', text: connection('"MaxRetryAttempts": 2.5'), key: 'Connection.MaxRetryAttempts', says: /= 2\.5 is not allowed/ },
  { name: 'a number too large for a double', text: connection('"MaxRetryAttempts": 1e400'), key: 'Connection.MaxRetryAttempts', says: /= Infinity is not allowed/ },
  { name: 'null for a number', text: connection('"CircuitBreakerFailureThreshold": null'), key: 'Connection.CircuitBreakerFailureThreshold', says: /= null is not allowed/ },
  { name: 'a failure ratio above 1', text: connection('"CircuitBreakerFailureRatio": 1.5'), key: 'Connection.CircuitBreakerFailureRatio', says: /= 1\.5 is not allowed/ },
  { name: 'a zero response cap', text: connection('"MaxResponseBytes": 0'), key: 'Connection.MaxResponseBytes', says: /= 0 is not allowed/ },
  { name: 'a max retry delay below the base delay', text: connection('"BaseRetryDelayMs": 5000,\n    "MaxRetryDelayMs": 100'), key: 'Connection.MaxRetryDelayMs', says: /BaseRetryDelayMs/ },
  { name: 'a base URL that is not http', text: '{"ApiSettings": {"BaseUrl": "ftp://files.example"}}', key: 'ApiSettings.BaseUrl', says: /http:\/\/ or https:\/\//i },
  { name: 'a negative health interval', text: '{"ApiSettings": {"HealthCheckIntervalMinutes": -1}}', key: 'ApiSettings.HealthCheckIntervalMinutes', says: /-1/ },
];

describe('loadSettings given a bad appsettings.json', () => {
  it.each(badFiles)('throws a ConfigError naming the file and the key for $name', (bad) => {
    const dir = settingsFolder(bad.text);

    const error = configErrorOf(() => load(dir));

    expect(error.code).toBe('ERR_CONFIG');
    expect(error.source).toBe(join(dir, 'appsettings.json'));
    expect(error.key).toBe(bad.key);
    expect(error.message).toContain(basename(error.source));
    expect(error.message).toMatch(bad.says);
    if (bad.line !== undefined) expect(error.line).toBe(bad.line);
  });

  it('names appsettings.Production.json when only the environment file is bad', () => {
    const dir = settingsFolder(connection('"MaxRetryAttempts": 5'), connection('"MaxRetryAttempts": 500'));

    const error = configErrorOf(() => load(dir));

    expect(error).toMatchObject({ source: join(dir, 'appsettings.Production.json'), key: 'Connection.MaxRetryAttempts', value: 500 });
  });

  it('reports every bad key of a file in one error, one line each', () => {
    const dir = settingsFolder(connection('"MaxRetryAttempts": -1,\n    "JitterMode": "chaos",\n    "MaxResponseBytes": "lots"'));

    const error = configErrorOf(() => load(dir));

    expect(error.issues.map((issue) => issue.key).sort()).toEqual(
      ['Connection.JitterMode', 'Connection.MaxResponseBytes', 'Connection.MaxRetryAttempts']);
    expect(error.message.split('\n')).toHaveLength(3);
  });

  it('never repeats a password found in a rejected URL', () => {
    const dir = settingsFolder('{"ApiSettings": {"BaseUrl": "ftp://deploy:hunter2-Secret@files.example"}}');

    const error = configErrorOf(() => load(dir));

    expect(error.key).toBe('ApiSettings.BaseUrl');
    expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain('hunter2');
  });
});

describe('a settings file with unknown and hostile keys', () => {
  let server: ScriptedServer;

  beforeAll(async () => {
    server = await startScriptedServer((request, response) => {
      const body = request.url === '/api/health' ? { status: 'healthy', version: '1.0.0' } : [GOOD_TASK];
      send(200, JSON.stringify(body))(request, response);
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('warns about each unknown key (with the likely intended one), ignores it, and the manager built from it works', async () => {
    const dir = settingsFolder(connection('"MaxRetryAttempt": 7,\n    "CircuitBreakerTreshold": 2'));

    const settings = load(dir);

    expect(settings.warnings.map((w) => [w.path, w.source])).toEqual([
      ['Connection.MaxRetryAttempt', join(dir, 'appsettings.json')],
      ['Connection.CircuitBreakerTreshold', join(dir, 'appsettings.json')],
    ]);
    expect(settings.warnings[0]?.message).toMatch(/did you mean MaxRetryAttempts\?/);
    expect(settings.connection.maxRetryAttempts).toBe(3);
    const manager = new ConnectionManager({ baseUrl: server.url, connection: settings.connection, apiSettings: settings.apiSettings });
    try {
      await expect(manager.client.getTasks()).resolves.toEqual([GOOD_TASK]);
    } finally {
      await manager.dispose();
    }
  });

  it('treats __proto__ and constructor.prototype keys as unknown keys: no setting changes, nothing is polluted', () => {
    const dir = settingsFolder(`{
      "__proto__": {"Connection": {"MaxRetryAttempts": 99}},
      "Connection": {
        "__proto__": {"MaxRetryAttempts": 99, "polluted": "yes"},
        "constructor": {"prototype": {"polluted": "yes"}}
      },
      "ApiSettings": {"__proto__": {"BaseUrl": "http://evil.example"}}
    }`);

    const settings = load(dir);

    expect(settings.connection.maxRetryAttempts).toBe(3);
    expect(settings.apiSettings.baseUrl).toBe('http://localhost:5289');
    expect(settings.warnings.map((w) => w.path)).toEqual(
      expect.arrayContaining(['Connection.__proto__', 'Connection.constructor']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(Object.getPrototypeOf(settings.connection)).toBe(Object.prototype);
  });
});

describe('bad settings given in code to the constructors', () => {
  it.each([
    ['EnhancedApiClient', 'Connection.MaxRetryAttempts', () => new EnhancedApiClient('http://127.0.0.1:9', { connection: { maxRetryAttempts: Number.NaN } }), /NaN/],
    ['EnhancedApiClient', 'Connection.CircuitBreakerFailureRatio', () => new EnhancedApiClient('http://127.0.0.1:9', { connection: { circuitBreakerFailureRatio: -0.5 } }), /-0\.5/],
    ['ConnectionManager', 'Connection.JitterMode', () => new ConnectionManager({ baseUrl: 'http://127.0.0.1:9', connection: { jitterMode: 'chaos' as never } }), /chaos/],
    ['ConnectionManager', 'Connection.DefaultTimeoutSeconds', () => new ConnectionManager({ baseUrl: 'http://127.0.0.1:9', connection: { defaultTimeoutSeconds: '30' as never } }), /"30"/],
  ] as const)('%s throws a ConfigError from "options" naming %s, and leaves nothing running', (_name, key, build, says) => {
    const before = activeResourceCounts();

    const error = configErrorOf(build);

    expect(error).toMatchObject({ code: 'ERR_CONFIG', source: 'options', key });
    expect(error.message).toMatch(says);
    expect(activeResourceCounts()).toEqual(before);
  });

  it('ConnectionManager names the ApiSettings key it rejects', () => {
    const before = activeResourceCounts();
    let thrown: unknown;
    try {
      new ConnectionManager({ baseUrl: 'http://127.0.0.1:9', apiSettings: { healthCheckIntervalMinutes: -1 } });
    } catch (error) {
      thrown = error;
    }
    expect(isInvalidMachineSettingsError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'ERR_INVALID_MACHINE_SETTINGS', key: 'healthCheckIntervalMinutes', value: -1 });
    expect(activeResourceCounts()).toEqual(before);
  });

  it.each([
    ['ftp://127.0.0.1:9', /http or https/],
    ['127.0.0.1:9/api', /http or https|absolute/],
    ['http://admin:hunter2-Secret@127.0.0.1:9', /credentials in the URL are not allowed/],
  ])('ConnectionManager rejects the base URL %s with an InvalidArgumentError that never repeats a password', (baseUrl, says) => {
    const before = activeResourceCounts();
    let thrown: unknown;
    try {
      new ConnectionManager({ baseUrl });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect(thrown).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    expect((thrown as Error).message).toMatch(says);
    expect((thrown as Error).message).not.toContain('hunter2');
    expect(activeResourceCounts()).toEqual(before);
  });
});
