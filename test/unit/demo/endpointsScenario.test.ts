import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { callSeriesOf, EndpointCallTally } from '../../../src/demo/endpoints/callTally.js';
import { DEFAULT_ENDPOINTS_OPTIONS, resolveEndpointsOptions } from '../../../src/demo/endpoints/options.js';
import { endpointsTimeline, planEndpointsWork } from '../../../src/demo/endpoints/plan.js';
import { buildEndpointsSummary, formatEndpointsSummary, isCleanEndpointsRun } from '../../../src/demo/endpoints/summary.js';
import type { EndpointsSummaryInput } from '../../../src/demo/endpoints/summary.js';
import { isInvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';

const [A, B, C] = ['http://127.0.0.1:5001', 'http://127.0.0.1:5002', 'http://127.0.0.1:5003'] as const;

function input(lost = 0, duplicated = 0): EndpointsSummaryInput {
  return {
    audit: {
      completed: 59 - lost, failed: 1, lost, duplicated,
      lostTasks: lost > 0 ? [{ taskId: 4, name: 'demo-task-04', problem: 'still in status 1 at the end' }] : [],
      duplicatedTasks: duplicated > 0 ? [{ taskId: 7, name: 'demo-task-07', problem: 'a terminal status was written 2 times' }] : [],
    },
    options: DEFAULT_ENDPOINTS_OPTIONS,
    endpoints: [A, B, C],
    switchesPerNode: { 'node-1': 5, 'node-2': 4 },
    callsPerEndpoint: { [A]: 100, [B]: 40, [C]: 30 },
    answeredPerEndpoint: { [A]: 95, [B]: 37, [C]: 30 },
    serverEvents: [
      { server: 'server-1', url: A, event: 'killed', atMs: 8_000 },
      { server: 'server-1', url: A, event: 'back', atMs: 26_000 },
    ],
    finishedInTime: true,
    elapsedMs: 43_000,
  };
}

describe('the endpoints scenario: options', () => {
  it('takes 3 nodes, 60 tasks, 40 s and seed 42 by default, and keeps what is given', () => {
    expect(resolveEndpointsOptions()).toEqual({ nodes: 3, tasks: 60, durationMs: 40_000, seed: 42 });
    expect(resolveEndpointsOptions({ nodes: 2, durationMs: 12_000, tasks: undefined })).toEqual({ nodes: 2, tasks: 60, durationMs: 12_000, seed: 42 });
  });

  it.each([
    ['nodes', { nodes: 0 }], ['nodes', { nodes: 33 }], ['tasks', { tasks: 0 }], ['durationMs', { durationMs: 9_999 }],
    ['durationMs', { durationMs: 1.5 }], ['seed', { seed: 0.5 }],
  ] as const)('refuses %s out of range (%o) with an InvalidArgumentError naming it', (name, given) => {
    let thrown: unknown;
    try {
      resolveEndpointsOptions(given);
    } catch (error) {
      thrown = error;
    }
    expect(isInvalidArgumentError(thrown)).toBe(true);
    expect(String(thrown)).toContain(name);
  });
});

describe('the endpoints scenario: plan', () => {
  it('kills server-1 at 20 %, server-2 at 40 % and brings both back at 65 % of the duration', () => {
    expect(endpointsTimeline(40_000)).toEqual({ firstKillAtMs: 8_000, secondKillAtMs: 16_000, bothBackAtMs: 26_000, endAtMs: 40_000 });
  });

  it('plans the same tasks for the same seed, with about 70 % of the story in work per node', () => {
    const tasks = planEndpointsWork(DEFAULT_ENDPOINTS_OPTIONS);
    expect(tasks).toEqual(planEndpointsWork(DEFAULT_ENDPOINTS_OPTIONS));
    expect(new Set(tasks.map((task) => task.name)).size).toBe(60);
    const perNode = tasks.reduce((sum, task) => sum + task.workMs, 0) / DEFAULT_ENDPOINTS_OPTIONS.nodes;
    expect(perNode / DEFAULT_ENDPOINTS_OPTIONS.durationMs).toBeGreaterThan(0.55);
    expect(perNode / DEFAULT_ENDPOINTS_OPTIONS.durationMs).toBeLessThan(0.85);
  });
});

describe('the endpoints scenario: calls per endpoint', () => {
  it('starts every server at 0 and sums the nodes\' series by endpoint: every outcome made, successes answered', () => {
    const tally = new EndpointCallTally([A, B, C]);
    tally.add([{ endpoint: A, outcome: 'success', value: 3 }, { endpoint: A, outcome: 'failure', value: 2 }, { endpoint: `${B}/`, outcome: 'failure', value: 1 }]);
    tally.add([{ endpoint: A, outcome: 'success', value: 1 }]);
    expect(tally.calls()).toEqual({ [A]: 6, [B]: 1, [C]: 0 });
    expect(tally.answers()).toEqual({ [A]: 4, [B]: 0, [C]: 0 });
  });

  it('reads one node\'s vcconn_calls_total series from the registry, leaving the other nodes\' out', async () => {
    const registry = new Registry();
    const calls = new Counter({ name: 'vcconn_calls_total', help: 'calls', labelNames: ['node', 'client', 'operation', 'endpoint', 'outcome'], registers: [registry] });
    calls.inc({ node: 'node-1', client: 'enhanced', operation: 'getTasks', endpoint: A, outcome: 'success' }, 5);
    calls.inc({ node: 'node-2', client: 'enhanced', operation: 'getTasks', endpoint: B, outcome: 'failure' }, 2);
    expect(await callSeriesOf(registry, 'node-1')).toEqual([{ endpoint: A, outcome: 'success', value: 5 }]);
    expect(await callSeriesOf(new Registry(), 'node-1')).toEqual([]);
  });
});

describe('the endpoints scenario: summary', () => {
  it('carries the keys of the --json line: endpoints, lost, duplicated, endpointSwitches (all nodes), callsPerEndpoint by URL', () => {
    const summary = buildEndpointsSummary(input());
    expect(summary).toMatchObject({
      scenario: 'endpoints', endpoints: [A, B, C], lost: 0, duplicated: 0, endpointSwitches: 9,
      callsPerEndpoint: { [A]: 100, [B]: 40, [C]: 30 }, completed: 59, failed: 1, tasks: 60, nodes: 3,
    });
    expect(isCleanEndpointsRun(summary)).toBe(true);
  });

  it('tells the run in lines: calls per server by name and URL, the server events, the result', () => {
    const lines = formatEndpointsSummary(buildEndpointsSummary(input()));
    expect(lines[0]).toBe('Summary (endpoints, seed 42, 3 servers on one database, 3 nodes, 60 tasks, 43.0 s)');
    expect(lines).toContain('  tasks completed   59 (+1 failed by their handler) of 60');
    expect(lines).toContain('  endpoint switches 9 (node-1 5, node-2 4)');
    expect(lines).toContain(`    server-2 ${B.padEnd(24)}     40 / 37`);
    expect(lines).toContain('  servers           server-1 killed at 8.0 s, server-1 back at 26.0 s');
    expect(lines.at(-1)).toBe('Result: no task lost or duplicated.');
  });

  it.each([[1, 0], [0, 1]])('fails a run that lost %i or duplicated %i, naming the tasks', (lost, duplicated) => {
    const summary = buildEndpointsSummary(input(lost, duplicated));
    expect(isCleanEndpointsRun(summary)).toBe(false);
    const lines = formatEndpointsSummary(summary);
    expect(lines.at(-1)).toBe('Result: FAILED (tasks lost or duplicated).');
    expect(lines.some((line) => line.startsWith(lost > 0 ? '  LOST demo-task-04' : '  DUPLICATED demo-task-07'))).toBe(true);
  });
});
