import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `vcconn demo <args>` from the sources as `npm start` does (node with the tsx loader). */
function runDemo(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'demo', ...args], { cwd: repoRoot, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('vcconn demo', () => {
  it('plays the whole fault timeline with 2 nodes and 20 tasks, losing and duplicating none, and exits 0', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runDemo(['--nodes', '2', '--tasks', '20', '--duration', '15', '--seed', '7', '--json']);
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);

    const summary = JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '') as Record<string, unknown>;
    for (const key of ['completed', 'lost', 'duplicated', 'retries', 'breakerOpenings', 'failovers', 'recoveryMs']) {
      expect(summary, key).toHaveProperty(key);
    }
    expect(summary).toMatchObject({ lost: 0, duplicated: 0, tasks: 20, nodes: 2, seed: 7, finishedInTime: true });
    expect((summary.completed as number) + (summary.failed as number)).toBe(20);
    expect(Object.keys(summary.recoveryMs as object).sort()).toEqual(['rateLimited', 'serverDown', 'serverErrors', 'slowResponses']);
    const proxy = summary.proxy as { unreachable: number; injected: Record<string, number> };
    // The faults were played for real: requests met the killed server and the proxy's made-up answers.
    expect(proxy.unreachable).toBeGreaterThan(0);
    expect(Object.values(proxy.injected).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);

    // Not a terminal: plain log lines, the timeline's story in order, then the summary for people.
    expect(stdout).not.toContain('\u001b[');
    const order = ['fault: 5xx burst', 'server killed (SIGKILL)', 'server listening again', 'fault: slow responses', 'fault: 429 with Retry-After', 'phase: recovery', 'Summary (seed 7'];
    const positions = order.map((text) => stdout.indexOf(text));
    expect(positions.every((p) => p >= 0), `missing one of ${order.join(' | ')}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(stdout).toContain('Result: no task lost, none duplicated.');
  });
});
