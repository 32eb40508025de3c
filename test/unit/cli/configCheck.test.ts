import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-check-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content, null, 2));
  return dir;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real `vcconn` (src/cli.ts under the tsx loader, as `npm start` runs it) in a child process. */
function vcconn(env: Record<string, string>, ...args: string[]): Promise<Run> {
  // Only PATH and the given variables: the check reads Connection__* variables, so none may leak in from here.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: repoRoot, stdio: 'pipe', env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const misplaced = { Connection: { EnableAutoRecovery: false, MaxRetryAtempts: 2, MaxRetryAttempts: 4 }, AllowedHosts: '*' };

describe('vcconn config check (the real command)', { timeout: 60_000 }, () => {
  it('exits 1 on unknown keys, naming each with its source and where it belongs or what was meant', async () => {
    const dir = folder({ 'appsettings.json': misplaced });
    const { code, stdout, stderr } = await vcconn({ ApiSettings__MaxRetryAttempts: '2' }, 'config', 'check', dir);
    const file = join(dir, 'appsettings.json');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      `vcconn: ${file}: Connection.EnableAutoRecovery: unknown key (belongs in ApiSettings: ApiSettings:EnableAutoRecovery) (allowed: a key of Connection (listed in the README's settings table))`,
      `${file}: Connection.MaxRetryAtempts: unknown key (did you mean MaxRetryAttempts?) (allowed: a key of Connection (listed in the README's settings table))`,
      'environment variable ApiSettings__MaxRetryAttempts: ApiSettings.MaxRetryAttempts: unknown key (belongs in Connection: Connection__MaxRetryAttempts) (allowed: a key of ApiSettings (listed in the README\'s settings table))',
    ]);
  });

  it('with --lenient lists them as warnings and exits 0, as loadSettings() does by default', async () => {
    const dir = folder({ 'appsettings.json': misplaced });
    const { code, stdout, stderr } = await vcconn({}, 'config', 'check', dir, '--lenient');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('"MaxRetryAttempts": 4, // default: 3');
    expect(stdout).toContain('"EnableAutoRecovery": true,');
    expect(stdout).toMatch(/2 warning\(s\):\n {2}.*unknown key Connection\.EnableAutoRecovery is ignored \(belongs in ApiSettings: ApiSettings:EnableAutoRecovery\)\n {2}.*Connection\.MaxRetryAtempts is ignored \(did you mean MaxRetryAttempts\?\)\n/);
  });

  it('exits 0 for a folder with only known keys and sections of the host', async () => {
    const dir = folder({ 'appsettings.json': { Connection: { MaxRetryAttempts: 4 }, ConnectionStrings: { Db: 'x' } } });
    const { code, stdout } = await vcconn({}, 'config', 'check', dir);
    expect(code).toBe(0);
    expect(stdout.trimEnd().endsWith('No warnings.')).toBe(true);
  });

  it('exits 1 naming a --config folder of vcconn health that does not exist, before any probe', async () => {
    const missing = join(folder({}), 'no-such-folder');
    const { code, stdout, stderr } = await vcconn({}, 'health', 'http://127.0.0.1:9', '--count', '1', '--config', missing);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`vcconn: ${missing}: the settings folder does not exist (allowed: an existing folder; the appsettings files in it may be missing)\n`);
  });
});
