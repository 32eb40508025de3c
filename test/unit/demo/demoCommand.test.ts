import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerDemoCommand } from '../../../src/cli/demo.js';
import type { DemoDependencies } from '../../../src/cli/demo.js';
import type { CliIo } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/program.js';
import type { DemoVisualizer } from '../../../src/demo/inspectHook.js';
import { buildSummary } from '../../../src/demo/summary.js';
import type { DemoSummary } from '../../../src/demo/summary.js';
import { buildOfflineSummary } from '../../../src/demo/offline/summary.js';
import type { OfflineSummary } from '../../../src/demo/offline/summary.js';
import { DEFAULT_OFFLINE_OPTIONS } from '../../../src/demo/offline/options.js';
import { buildEndpointsSummary } from '../../../src/demo/endpoints/summary.js';
import type { EndpointsSummary } from '../../../src/demo/endpoints/summary.js';
import { DEFAULT_ENDPOINTS_OPTIONS } from '../../../src/demo/endpoints/options.js';
import { isUnknownScenarioError } from '../../../src/errors/UnknownScenarioError.js';
import { parseScenario } from '../../../src/cli/demo.js';

function summary(lost = 0, duplicated = 0): DemoSummary {
  return buildSummary({
    audit: { completed: 20 - lost, failed: 0, lost, duplicated, lostTasks: [], duplicatedTasks: [] },
    recoveries: [{ kind: 'serverDown', label: 'server killed', fault: { kind: 'serverDown' }, endedAtMs: 5_000, recoveryMs: 900 }],
    nodes: [{ retries: 5, breakerOpenings: 1, failovers: 0 }],
    tasks: 20, seed: 7, durationMs: 15_000, serverIdempotency: true, elapsedMs: 16_000, finishedInTime: true,
    proxy: { forwarded: 10, injected: {}, lostAnswers: 0, unreachable: 0, delayed: 0 },
  });
}

function offlineSummary(lost = 0, duplicated = 0, reordered = 0): OfflineSummary {
  return buildOfflineSummary({
    audit: {
      queued: 90, delivered: 90 - lost, completed: 60, failed: 0, lost, duplicated, reordered,
      lostFindings: [], duplicatedFindings: [], reorderedFindings: [],
    },
    options: DEFAULT_OFFLINE_OPTIONS, workerRestarts: 1, kill: { nodeId: 'worker-2', atMs: 7_000, pendingInFile: 2, resultsInFile: 1 },
    serverDownMs: 10_500, finishedInTime: true, elapsedMs: 31_000,
    outboxes: [{ owner: 'worker-1', file: '/tmp/w1', queued: 90, delivered: 90 - lost, pending: lost, deadLettered: 0 }],
  });
}

const URLS = ['http://127.0.0.1:5001', 'http://127.0.0.1:5002', 'http://127.0.0.1:5003'];

function endpointsSummary(lost = 0, duplicated = 0): EndpointsSummary {
  return buildEndpointsSummary({
    audit: { completed: 60 - lost, failed: 0, lost, duplicated, lostTasks: [], duplicatedTasks: [] },
    options: DEFAULT_ENDPOINTS_OPTIONS, endpoints: URLS,
    switchesPerNode: { 'node-1': 4, 'node-2': 3 },
    callsPerEndpoint: { [URLS[0] ?? '']: 90, [URLS[1] ?? '']: 40, [URLS[2] ?? '']: 60 },
    answeredPerEndpoint: { [URLS[0] ?? '']: 85, [URLS[1] ?? '']: 36, [URLS[2] ?? '']: 60 },
    serverEvents: [{ server: 'server-1', url: URLS[0] ?? '', event: 'killed', atMs: 8_000 }],
    finishedInTime: true, elapsedMs: 44_000,
  });
}

const visualizer: DemoVisualizer = { observerFor: () => () => undefined, url: 'http://127.0.0.1:4242/' };

function harness(
  result: DemoSummary, overrides: Partial<DemoDependencies> = {}, offline: OfflineSummary = offlineSummary(), endpoints: EndpointsSummary = endpointsSummary(),
) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  let interrupt: (() => void) | undefined;
  const run = vi.fn<DemoDependencies['run']>((_options, env) => {
    env.write('live line\n');
    return Promise.resolve(result);
  });
  const runOffline = vi.fn<DemoDependencies['runOffline']>((_options, env) => {
    env.write('offline line\n');
    return Promise.resolve(offline);
  });
  const runEndpoints = vi.fn<DemoDependencies['runEndpoints']>((_options, env) => {
    env.write('endpoints line\n');
    return Promise.resolve(endpoints);
  });
  const unsubscribe = vi.fn();
  const startVisualizer = vi.fn<DemoDependencies['startVisualizer']>(() => Promise.resolve(visualizer));
  const dependencies: DemoDependencies = {
    run,
    runOffline,
    runEndpoints,
    terminal: () => ({ isTTY: false }),
    onInterrupt: (handler) => {
      interrupt = handler;
      return unsubscribe;
    },
    startVisualizer,
    ...overrides,
  };
  const program = new Command('vcconn').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerDemoCommand(program, io, dependencies);
  return {
    run, runOffline, runEndpoints, unsubscribe, interrupt: () => interrupt?.(), startVisualizer,
    cli: (...args: string[]) => runCli(['node', 'vcconn', 'demo', ...args], io, program),
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

describe('vcconn demo (command wiring)', () => {
  it('runs with 4 nodes, 200 tasks, 60 s and seed 42 by default, prints the summary and exits 0 for a clean run', async () => {
    const h = harness(summary());
    expect(await h.cli()).toBe(0);
    expect(h.run).toHaveBeenCalledWith({ nodes: 4, tasks: 200, durationMs: 60_000, seed: 42, idempotency: true }, expect.objectContaining({ isTTY: false }));
    expect(h.stdout()).toMatch(/^live line\n\nSummary \(seed 7/);
    expect(h.stdout()).toContain('Result: no task lost, none duplicated.');
    expect(h.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('passes the flags, the duration in ms, and prints the summary as JSON on the last line with --json', async () => {
    const h = harness(summary());
    expect(await h.cli('--nodes', '2', '--tasks', '20', '--duration', '15', '--seed', '-3', '--json', '--no-idempotency')).toBe(0);
    expect(h.run).toHaveBeenCalledWith({ nodes: 2, tasks: 20, durationMs: 15_000, seed: -3, idempotency: false }, expect.anything());
    const last = h.stdout().trimEnd().split('\n').at(-1) ?? '';
    const parsed = JSON.parse(last) as Record<string, unknown>;
    for (const key of ['completed', 'lost', 'duplicated', 'retries', 'breakerOpenings', 'failovers', 'recoveryMs']) expect(parsed).toHaveProperty(key);
    expect(parsed.recoveryMs).toEqual({ serverDown: 900 });
  });

  it('exits 1 naming the count when a task was lost or duplicated, the JSON still last on stdout', async () => {
    const h = harness(summary(2, 1));
    expect(await h.cli('--json')).toBe(1);
    expect(h.stderr()).toBe('vcconn: the run lost 2 and duplicated 1 task(s)\n');
    expect(JSON.parse(h.stdout().trimEnd().split('\n').at(-1) ?? '')).toMatchObject({ lost: 2, duplicated: 1 });
  });

  it.each([
    [['--nodes', '0'], /--nodes <n>' argument '0' is invalid. Expected an integer from 1 to 32/],
    [['--tasks', 'many'], /--tasks <n>' argument 'many' is invalid/],
    [['--duration', '5'], /Expected an integer from 10 to 3600/],
    [['--seed', '1.5'], /--seed <n>' argument '1.5' is invalid/],
    [['--colour'], /unknown option '--colour'/],
  ])('exits 2 without running for %o', async (args, message) => {
    const h = harness(summary());
    expect(await h.cli(...args)).toBe(2);
    expect(h.stderr()).toMatch(message);
    expect(h.run).not.toHaveBeenCalled();
  });

  it('aborts the run on Ctrl-C and says what happens next', async () => {
    let seen: AbortSignal | undefined;
    const h = harness(summary(), {
      run: (_options, env) => {
        seen = env.signal;
        h.interrupt();
        return Promise.resolve(summary());
      },
    });
    await h.cli();
    expect(seen?.aborted).toBe(true);
    expect(h.stderr()).toContain('interrupted: ending the timeline, shutting the nodes down and auditing what was done');
  });

  it('starts the visualizer on a free port by default and hands it and the terminal to the run', async () => {
    const h = harness(summary(), { terminal: () => ({ isTTY: true, columns: 120 }) });
    expect(await h.cli()).toBe(0);
    expect(h.startVisualizer).toHaveBeenCalledWith(0);
    expect(h.run).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ visualizer, isTTY: true, columns: 120 }));
  });

  it('starts the visualizer on the port given with --visualize-port', async () => {
    const h = harness(summary());
    expect(await h.cli('--visualize-port', '4321')).toBe(0);
    expect(h.startVisualizer).toHaveBeenCalledWith(4321);
  });

  it('serves /metrics on a free port by default, on the port given with --metrics-port, and not with --no-metrics', async () => {
    const h = harness(summary());
    expect(await h.cli()).toBe(0);
    expect(h.run.mock.calls[0]?.[1]).toMatchObject({ metricsPort: 0 });
    expect(await h.cli('--metrics-port', '9464')).toBe(0);
    expect(h.run.mock.calls[1]?.[1]).toMatchObject({ metricsPort: 9464 });
    expect(await h.cli('--no-metrics')).toBe(0);
    expect(h.run.mock.calls[2]?.[1]).toMatchObject({ metricsPort: false });
  });

  it('exits 2 without running for a --metrics-port out of range', async () => {
    const h = harness(summary());
    expect(await h.cli('--metrics-port', '-1')).toBe(2);
    expect(h.stderr()).toMatch(/--metrics-port <port>' argument '-1' is invalid/);
    expect(h.run).not.toHaveBeenCalled();
  });

  it('runs without a visualizer with --no-visualize', async () => {
    const h = harness(summary());
    expect(await h.cli('--no-visualize', '--json')).toBe(0);
    expect(h.startVisualizer).not.toHaveBeenCalled();
    expect(h.run.mock.calls[0]?.[1]).not.toHaveProperty('visualizer');
    expect(JSON.parse(h.stdout().trimEnd().split('\n').at(-1) ?? '')).toMatchObject({ lost: 0 });
  });

  it('exits 2 without starting anything for a --visualize-port out of range', async () => {
    const h = harness(summary());
    expect(await h.cli('--visualize-port', '70000')).toBe(2);
    expect(h.stderr()).toMatch(/--visualize-port <port>' argument '70000' is invalid. A port is an integer from 0 to 65535/);
    expect(h.startVisualizer).not.toHaveBeenCalled();
    expect(h.run).not.toHaveBeenCalled();
  });

  it('exits 1 naming the address when the visualizer cannot listen, without running', async () => {
    const h = harness(summary(), { startVisualizer: () => Promise.reject(new Error('The visualizer relay cannot listen on 127.0.0.1:4321: EADDRINUSE')) });
    expect(await h.cli('--visualize-port', '4321')).toBe(1);
    expect(h.stderr()).toContain('vcconn: The visualizer relay cannot listen on 127.0.0.1:4321');
    expect(h.run).not.toHaveBeenCalled();
    expect(h.unsubscribe).toHaveBeenCalledTimes(1);
  });
});

describe('vcconn demo --scenario', () => {
  it('runs the offline scenario with its own defaults, prints its summary and its JSON last, and exits 0 when clean', async () => {
    const h = harness(summary());
    expect(await h.cli('--scenario', 'offline', '--json')).toBe(0);
    expect(h.run).not.toHaveBeenCalled();
    expect(h.startVisualizer).not.toHaveBeenCalled();
    expect(h.runOffline).toHaveBeenCalledWith({ seed: 42, idempotency: true }, expect.objectContaining({ signal: expect.any(AbortSignal) as AbortSignal }));
    expect(h.stdout()).toMatch(/^offline line\n\nSummary \(offline, seed 42/);
    const last = JSON.parse(h.stdout().trimEnd().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(last).toMatchObject({ scenario: 'offline', queued: 90, delivered: 90, lost: 0, duplicated: 0, reordered: 0, workerRestarts: 1 });
  });

  it('passes only the flags given to the offline scenario: --nodes as its workers, --tasks, --duration in ms', async () => {
    const h = harness(summary());
    expect(await h.cli('--scenario', 'offline', '--nodes', '2', '--tasks', '12', '--duration', '12', '--seed', '5', '--no-idempotency')).toBe(0);
    expect(h.runOffline).toHaveBeenCalledWith({ workers: 2, tasks: 12, durationMs: 12_000, seed: 5, idempotency: false }, expect.anything());
  });

  it.each([[1, 0, 0], [0, 1, 0], [0, 0, 1]])('exits 1 when the offline run lost %i, duplicated %i or reordered %i', async (lost, duplicated, reordered) => {
    const h = harness(summary(), {}, offlineSummary(lost, duplicated, reordered));
    expect(await h.cli('--scenario', 'offline', '--json')).toBe(1);
    expect(h.stderr()).toBe(`vcconn: the offline run lost ${lost}, duplicated ${duplicated} and reordered ${reordered}\n`);
    expect(h.stdout()).toContain('Result: FAILED (entries lost, duplicated or reordered).');
  });

  it('runs the endpoints scenario with its own defaults, prints its summary and its JSON last, and exits 0 when clean', async () => {
    const h = harness(summary());
    expect(await h.cli('--scenario', 'endpoints', '--json')).toBe(0);
    expect(h.run).not.toHaveBeenCalled();
    expect(h.runOffline).not.toHaveBeenCalled();
    expect(h.startVisualizer).toHaveBeenCalledWith(0);
    expect(h.runEndpoints).toHaveBeenCalledWith({ seed: 42 }, expect.objectContaining({ signal: expect.any(AbortSignal) as AbortSignal, visualizer, metricsPort: 0 }));
    expect(h.stdout()).toMatch(/^endpoints line\n\nSummary \(endpoints, seed 42, 3 servers on one database/);
    expect(h.stdout()).toContain('endpoint switches 7 (node-1 4, node-2 3)');
    const last = JSON.parse(h.stdout().trimEnd().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(last).toMatchObject({ scenario: 'endpoints', endpoints: URLS, lost: 0, duplicated: 0, endpointSwitches: 7 });
    expect(Object.keys(last.callsPerEndpoint as object)).toEqual(URLS);
  });

  it('passes only the flags given to the endpoints scenario: --nodes, --tasks, --duration in ms', async () => {
    const h = harness(summary());
    expect(await h.cli('--scenario', 'endpoints', '--nodes', '2', '--tasks', '12', '--duration', '15', '--seed', '5')).toBe(0);
    expect(h.runEndpoints).toHaveBeenCalledWith({ nodes: 2, tasks: 12, durationMs: 15_000, seed: 5 }, expect.anything());
  });

  it('runs the endpoints scenario without the visualizer and /metrics with --no-visualize --no-metrics, and on the ports given otherwise', async () => {
    const h = harness(summary());
    expect(await h.cli('--scenario', 'endpoints', '--no-visualize', '--no-metrics')).toBe(0);
    expect(h.startVisualizer).not.toHaveBeenCalled();
    expect(h.runEndpoints.mock.calls[0]?.[1]).not.toHaveProperty('visualizer');
    expect(h.runEndpoints.mock.calls[0]?.[1]).toHaveProperty('metricsPort', false);
    const ported = harness(summary());
    expect(await ported.cli('--scenario', 'endpoints', '--visualize-port', '4321', '--metrics-port', '9464')).toBe(0);
    expect(ported.startVisualizer).toHaveBeenCalledWith(4321);
    expect(ported.runEndpoints.mock.calls[0]?.[1]).toHaveProperty('metricsPort', 9464);
  });

  it.each([[1, 0], [0, 1]])('exits 1 when the endpoints run lost %i or duplicated %i', async (lost, duplicated) => {
    const h = harness(summary(), {}, offlineSummary(), endpointsSummary(lost, duplicated));
    expect(await h.cli('--scenario', 'endpoints', '--json')).toBe(1);
    expect(h.stderr()).toBe(`vcconn: the endpoints run lost ${lost} and duplicated ${duplicated} task(s)\n`);
    expect(h.stdout()).toContain('Result: FAILED (tasks lost or duplicated).');
  });

  it('exits 2 for an unknown scenario, naming the known ones, and runs nothing', async () => {
    const h = harness(summary());
    expect(await h.cli('--scenario', 'chaos')).toBe(2);
    expect(h.stderr()).toBe('vcconn: unknown demo scenario "chaos"; known scenarios: faults, offline, endpoints\n');
    expect(h.run).not.toHaveBeenCalled();
    expect(h.runOffline).not.toHaveBeenCalled();
    expect(h.runEndpoints).not.toHaveBeenCalled();
  });

  it('parses a scenario name, throwing a typed error that lists the known ones', () => {
    expect(parseScenario('Offline')).toBe('offline');
    expect(parseScenario('faults')).toBe('faults');
    expect(parseScenario(' Endpoints ')).toBe('endpoints');
    let thrown: unknown;
    try {
      parseScenario('nope');
    } catch (error) {
      thrown = error;
    }
    expect(isUnknownScenarioError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'ERR_UNKNOWN_SCENARIO', scenario: 'nope', known: ['faults', 'offline', 'endpoints'] });
  });
});
