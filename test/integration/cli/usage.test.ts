import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { vcconn } from './support.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('vcconn usage', () => {
  it.each([
    [['bogus'], /error: unknown command 'bogus'/],
    [['serve', '--colour'], /error: unknown option '--colour'/],
    [['demo', '--nodez', '2'], /error: unknown option '--nodez'/],
    [['demo', '--duration', 'long'], /argument 'long' is invalid/],
    [['health', 'http://127.0.0.1:1', '--verbose'], /error: unknown option '--verbose'/],
    [['config', 'check', '.', '--strict'], /error: unknown option '--strict'/],
    [['config', 'chek'], /error: unknown command 'chek'/],
  ])('exits 2 with a clear message for %o', async (args, message) => {
    const { code, stderr } = await vcconn(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('(run with --help for usage)');
  });

  it('exits 2 and shows the commands when none is given', async () => {
    const { code, stdout, stderr } = await vcconn();
    expect(code).toBe(2);
    expect(`${stdout}${stderr}`).toMatch(/Usage: vcconn[\s\S]*serve[\s\S]*demo[\s\S]*config[\s\S]*health[\s\S]*outbox/);
  });

  it.each([['serve'], ['demo'], ['health'], ['config'], ['config', 'check'], ['outbox'], ['outbox', 'list'], ['outbox', 'retry'], ['outbox', 'drop']])('prints the usage of %o with --help, exit 0', async (...command) => {
    const { code, stdout } = await vcconn(...command, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: vcconn ${command.join(' ')}`);
  });

  it('gives the process exit code 2 for an unknown command', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'bogus'], { cwd: repoRoot, stdio: 'pipe' });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'bogus'");
  });
});
