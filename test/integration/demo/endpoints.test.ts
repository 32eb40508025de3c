import { describe, expect, it } from 'vitest';
import { runCliProcess } from '../../helpers/cliProcess.js';

/** Runs `vcconn demo <args>` as `npm start` does (node with the tsx loader). */
const runDemo = (args: readonly string[]) => runCliProcess(['demo', ...args]);

describe('vcconn demo --scenario endpoints', () => {
  it('kills two of three servers on one database and brings them back: the nodes fail over, and the server\'s history shows nothing lost or duplicated', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runDemo(['--scenario', 'endpoints', '--nodes', '2', '--tasks', '16', '--duration', '14', '--seed', '7', '--json']);
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    const summary = JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(summary).toMatchObject({ scenario: 'endpoints', lost: 0, duplicated: 0, tasks: 16, nodes: 2, finishedInTime: true });
    expect(summary).toHaveProperty('endpointSwitches');
    expect((summary.completed as number) + (summary.failed as number)).toBe(16);
    const endpoints = summary.endpoints as string[];
    expect(new Set(endpoints).size).toBe(3);
    // Every server took calls and answered some: server-1 before its kill, server-2 after it, server-3 after both.
    const calls = summary.callsPerEndpoint as Record<string, number>;
    const answered = summary.answeredPerEndpoint as Record<string, number>;
    expect(Object.keys(calls).sort()).toEqual([...endpoints].sort());
    for (const url of endpoints) {
      expect(calls[url], url).toBeGreaterThan(0);
      expect(answered[url], url).toBeGreaterThan(0);
    }
    // Each node moved at least from server-1 to server-2 and from server-2 to server-3.
    expect(summary.endpointSwitches as number).toBeGreaterThanOrEqual(2);
    for (const switches of Object.values(summary.switchesPerNode as Record<string, number>)) expect(switches).toBeGreaterThanOrEqual(2);
    expect((summary.serverEvents as { server: string; event: string }[]).map((e) => `${e.server} ${e.event}`))
      .toEqual(['server-1 killed', 'server-2 killed', 'server-1 back', 'server-2 back']);
    // The story's lines in order, each looked for after the previous one.
    const order = ['server-1 killed (SIGKILL)', 'calls now go to server-2', 'server-2 killed (SIGKILL)', 'calls now go to server-3',
      'listening again on the same database and ports', 'Summary (endpoints'];
    let at = stdout.indexOf('] 2 nodes working');
    for (const text of order) {
      const next = stdout.indexOf(text, at);
      expect(next, `"${text}" after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
    expect(stdout).toContain('Result: no task lost or duplicated.');
    // Each node is a ConnectionManager shown in the visualizer; each switch is told once, with its cause.
    expect(stdout).toMatch(/ {2}visualizer: http:\/\/127\.0\.0\.1:\d+\//);
    expect(stdout).toMatch(/node-1: calls now go to server-2 \(were on server-1\): server-1( failed its health check|'s breaker opened)/);
    const switchLines = stdout.split('\n').filter((line) => /node-\d: (calls now go to|trial call to|no server available)/.test(line));
    expect(switchLines.length).toBeGreaterThanOrEqual(4);
    expect(switchLines.length).toBeLessThanOrEqual(summary.endpointSwitches as number);
  });

  it('exits 2 for an unknown scenario, naming the endpoints scenario among the known ones, and starts no server', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await runDemo(['--scenario', 'several']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown demo scenario "several"; known scenarios: faults, offline, endpoints');
    expect(stdout).not.toContain('server-1');
  });
});
