import { describe, expect, it } from 'vitest';
import { runCliProcess } from '../../helpers/cliProcess.js';

/** Runs `vcconn demo <args>` as `npm start` does (node with the tsx loader). */
const runDemo = (args: readonly string[]) => runCliProcess(['demo', ...args]);

describe('vcconn demo --scenario offline', () => {
  it('kills the server and a worker holding results, drains everything, and counts nothing lost, duplicated or reordered', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runDemo(['--scenario', 'offline', '--nodes', '2', '--tasks', '16', '--duration', '10', '--seed', '7', '--json', '--no-idempotency']);
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    const summary = JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(summary).toMatchObject({
      scenario: 'offline', lost: 0, duplicated: 0, reordered: 0, workerRestarts: 1, tasks: 16, workers: 2, serverIdempotency: false, finishedInTime: true,
    });
    expect((summary.completed as number) + (summary.failed as number)).toBe(16);
    // Creates were queued while the server was down (the clients' files took more entries than the burst).
    expect(summary.queued as number).toBeGreaterThanOrEqual(16);
    expect(summary.delivered).toBe(summary.queued);
    // The worker was killed while its outbox file held a result it had not delivered (read from the file).
    const kill = summary.workerKill as { pendingInFile: number; resultsInFile: number };
    expect(kill.resultsInFile).toBeGreaterThanOrEqual(1);
    expect(summary.serverDownMs as number).toBeGreaterThan(0);
    // The story's lines in order, each looked for after the previous one (the header names them all once).
    const order = ['server killed (SIGKILL)', 'killed (SIGKILL) holding', 'restarted on the same outbox file', 'server listening again', 'Summary (offline'];
    let at = stdout.indexOf('] 2 workers ready');
    for (const text of order) {
      const next = stdout.indexOf(text, at);
      expect(next, `"${text}" after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
    expect(stdout).toContain('Result: nothing lost, duplicated or reordered.');
  });

  it('exits 2 for an unknown scenario, listing the known ones', { timeout: 60_000 }, async () => {
    const { code, stderr } = await runDemo(['--scenario', 'nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown demo scenario "nope"; known scenarios: faults, offline');
  });
});
