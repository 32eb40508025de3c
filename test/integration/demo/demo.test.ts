import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** What the run's visualizer page answered while the demo ran. */
interface PageCheck {
  readonly url: string;
  readonly status: number | string;
  readonly body: string;
}

/**
 * Runs `vcconn demo <args>` from the sources as `npm start` does (node with the tsx loader). As soon as the run
 * prints its `visualizer: <url>` line, the page is fetched from there (`page` stays null without that line).
 */
function runDemo(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string; page: Promise<PageCheck> | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'demo', ...args], { cwd: repoRoot, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let page: Promise<PageCheck> | null = null;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const url = /visualizer: (http:\/\/\S+)/.exec(stdout)?.[1];
    page ??= url === undefined ? null : fetch(url).then(
      async (response) => ({ url, status: response.status, body: await response.text() }),
      (error: unknown) => ({ url, status: String(error), body: '' }),
    );
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, page })));
}

describe('vcconn demo', () => {
  it('plays the whole fault timeline with 2 nodes and 20 tasks, losing and duplicating none, and exits 0', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr, page } = await runDemo(['--nodes', '2', '--tasks', '20', '--duration', '15', '--seed', '7', '--json']);
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);

    // The visualizer ran by default on a free loopback port, served its page during the run and is closed now.
    expect(page).not.toBeNull();
    const served = await page;
    expect(served?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(served).toMatchObject({ status: 200 });
    expect(served?.body).toMatch(/<html/i);
    await expect(fetch(served?.url ?? '')).rejects.toThrow();

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

  it('runs against a server that ignores Idempotency-Key (--no-idempotency) and still loses and duplicates none', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runDemo(['--nodes', '2', '--tasks', '16', '--duration', '12', '--seed', '11', '--json', '--no-idempotency', '--no-visualize', '--no-metrics']);
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    expect(stdout).toContain('the server ignores Idempotency-Key (--no-idempotency)');
    const summary = JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(summary).toMatchObject({ lost: 0, duplicated: 0, tasks: 16, serverIdempotency: false, finishedInTime: true });
    expect((summary.completed as number) + (summary.failed as number)).toBe(16);
    // Answers were lost after the server applied the requests: without the key, only the read-back kept them single.
    expect((summary.proxy as { lostAnswers: number }).lostAnswers).toBeGreaterThan(0);
  });
});
