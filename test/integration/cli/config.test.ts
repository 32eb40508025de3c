import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { registerConfigCommand } from '../../../src/cli/config.js';
import { loadSettings } from '../../../src/config/loadSettings.js';
import { vcconn, vcconnWith } from './support.js';

const fixtures = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** `vcconn config check` with a given environment instead of this process's. */
function check(env: Record<string, string>, ...args: string[]) {
  return vcconnWith((program, io) => registerConfigCommand(program, io, () => env), 'config', 'check', ...args);
}

/** The JSON part of the output (from the first `{` line to the last `}` line). */
function effective(stdout: string): string {
  const lines = stdout.split('\n');
  return lines.slice(lines.indexOf('{'), lines.lastIndexOf('}') + 1).join('\n');
}

describe('vcconn config check', () => {
  it('prints the layers and the effective settings of a good folder, marking values that are not defaults, exit 0', async () => {
    const dir = join(fixtures, 'seed');
    const { code, stdout, stderr } = await check({}, dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Configuration of ${resolve(dir)} (environment Production)`);
    expect(stdout).toContain(`layers, lowest first: defaults, ${join(resolve(dir), 'appsettings.json')}, ${join(resolve(dir), 'appsettings.Production.json')}`);
    expect(stdout).toContain('"MaxRetryAttempts": 5, // default: 3');
    expect(stdout).toContain('    "HealthCheckTimeoutSeconds": 5,\n');
    expect(stdout).toContain('"BaseUrl": "http://localhost:5289"');
    expect(stdout.trimEnd().endsWith('No warnings.')).toBe(true);
  });

  it('prints settings that load back as the same settings', async () => {
    const dir = join(fixtures, 'seed');
    const { stdout } = await check({}, dir, '--environment', 'Development');
    const copy = folder({ 'appsettings.json': effective(stdout) });
    const original = loadSettings({ directory: dir, environment: 'Development', env: {} });
    const reloaded = loadSettings({ directory: copy, environment: 'Development', env: {} });
    expect(reloaded.connection).toEqual(original.connection);
    expect(reloaded.apiSettings).toEqual(original.apiSettings);
    expect(reloaded.logging).toEqual(original.logging);
    expect(stdout).toContain('"EnableCircuitBreaker": false, // default: true');
  });

  it('with --lenient lists the warnings: an unknown key and a value outside the recommended range', async () => {
    const dir = folder({ 'appsettings.json': '{ "Connection": { "MaxRetryAttempt": 3, "MaxRetryAttempts": 9 } }' });
    const { code, stdout } = await check({}, dir, '--lenient');
    expect(code).toBe(0);
    expect(stdout).toMatch(/2 warning\(s\):\n {2}.*Connection\.MaxRetryAttempt\b.*\n {2}.*Connection\.MaxRetryAttempts.*/);
  });

  it('fails on an unknown key by default (strict), exit 1, and still warns about a value outside the recommended range', async () => {
    const dir = folder({ 'appsettings.json': '{ "Connection": { "MaxRetryAttempt": 3 } }' });
    const strict = await check({}, dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`${join(dir, 'appsettings.json')}: Connection.MaxRetryAttempt: unknown key (did you mean MaxRetryAttempts?)`);
    const recommended = await check({}, folder({ 'appsettings.json': '{ "Connection": { "MaxRetryAttempts": 9 } }' }));
    expect(recommended.code).toBe(0);
    expect(recommended.stdout).toMatch(/1 warning\(s\):\n {2}.*Connection\.MaxRetryAttempts = 9 is outside the recommended range/);
  });

  it('applies environment variables as a host would, unless --ignore-env', async () => {
    const dir = join(fixtures, 'seed');
    const env = { Connection__MaxRetryAttempts: '7' };
    expect((await check(env, dir)).stdout).toContain('"MaxRetryAttempts": 7, // default: 3');
    expect((await check(env, dir)).stdout).toContain('environment variable Connection__MaxRetryAttempts');
    expect((await check(env, dir, '--ignore-env')).stdout).toContain('"MaxRetryAttempts": 5, // default: 3');
  });

  it('fails on a malformed file with the ConfigError naming the file, line and column, exit 1', async () => {
    const dir = join(fixtures, 'malformed');
    const { code, stdout, stderr } = await vcconn('config', 'check', dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^vcconn: ${join(resolve(dir), 'appsettings.json').replace(/[.\\]/g, '\\$&')}:4:5: malformed JSON`));
  });

  it('fails on a bad value with the ConfigError naming the file, the key, the value and what is allowed, exit 1', async () => {
    const dir = folder({ 'appsettings.json': '{}', 'appsettings.Staging.json': '{ "Connection": { "MaxRetryAttempts": -1 } }' });
    const { code, stderr } = await check({}, dir, '-e', 'Staging');
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, 'appsettings.Staging.json')}: Connection.MaxRetryAttempts = -1`);
    expect(stderr).toContain('integer 0..100');
  });

  it('says when a folder has no appsettings files and shows the defaults', async () => {
    const { code, stdout } = await check({}, folder({}));
    expect(code).toBe(0);
    expect(stdout).toContain('no appsettings.json or appsettings.Production.json here: these are the defaults');
    expect(stdout).toContain('"MaxRetryAttempts": 3,\n');
  });

  it('exits 2 for a folder that does not exist', async () => {
    const missing = join(tmpdir(), 'vcconn-no-such-folder');
    const { code, stderr } = await vcconn('config', 'check', missing);
    expect(code).toBe(2);
    expect(stderr).toContain(`vcconn config check: ${missing} is not a folder`);
  });
});
