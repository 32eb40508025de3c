import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnsiDashboard, fit, renderFrame } from '../../../src/demo/dashboard.js';
import { fitKeepingUrls, rowsOf } from '../../../src/demo/terminalText.js';
import type { NodeView } from '../../../src/demo/demoNode.js';
import { PlainLog, stamp } from '../../../src/demo/plainLog.js';
import type { RunView } from '../../../src/demo/reporter.js';
import { buildTimeline } from '../../../src/demo/timeline.js';

const timeline = buildTimeline(42, 60_000);
// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

function node(id: string, overrides: Partial<NodeView> = {}): NodeView {
  return {
    id, clientType: 'enhanced', link: 'healthy', breaker: 'closed', tasksDone: 7, retries: 2, breakerOpenings: 0, failovers: 0, autoRecovery: true,
    lastHealth: { isHealthy: true, responseTimeMs: 3.4, lastError: null, lastChecked: 0, circuitBreakerOpen: false, failureCount: 0, serverVersion: '0.1.0' },
    ...overrides,
  };
}

function view(overrides: Partial<RunView> = {}): RunView {
  return {
    seed: 42, elapsedMs: 12_300, durationMs: 60_000, phase: timeline.phases[1] ?? timeline.phases[0]!, stage: 'running', server: 'up',
    tasksTotal: 200, tasksDone: 50, nodes: [node('node-1'), node('node-2', { clientType: 'standard', link: 'offline', breaker: 'none', lastHealth: null })],
    ...overrides,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('renderFrame', () => {
  it('shows the phase with its fault, the progress bar and a row per node with client, link, breaker, health, time and tasks', () => {
    const lines = renderFrame(view(), ['[  12.0s] node-2: link healthy -> offline']).map(plain);
    expect(lines[0]).toContain('seed 42  2 nodes  12.3 s / 60.0 s');
    expect(lines[1]).toMatch(/^server: up {2}phase: 5xx burst \(\d+% of requests answered/);
    expect(lines[2]).toMatch(/^█{10}░{30} 50\/200 tasks \(25%\)$/);
    expect(lines.find((l) => l.startsWith('node-1'))).toMatch(/^node-1\s+enhanced\s+healthy\s+closed\s+ok\s+3 ms\s+7\s+2$/);
    expect(lines.find((l) => l.startsWith('node-2'))).toMatch(/^node-2\s+standard\s+offline\s+none\s+not checked\s+-\s+7\s+2$/);
    expect(lines.at(-1)).toBe('  [  12.0s] node-2: link healthy -> offline');
  });

  it('gives the visualizer page and the metrics a line each under the header, and marks the node that rides faults out on its breaker', () => {
    const urls = { visualizerUrl: 'http://127.0.0.1:4321/', metricsUrl: 'http://127.0.0.1:4322/metrics' };
    const lines = renderFrame(view({ ...urls, nodes: [node('node-1'), node('node-2', { autoRecovery: false })] }), []).map(plain);
    expect(lines[0]).toMatch(/12\.3 s \/ 60\.0 s$/);
    expect(lines.slice(1, 3)).toEqual(['visualizer: http://127.0.0.1:4321/', 'metrics:    http://127.0.0.1:4322/metrics']);
    expect(lines[3]).toMatch(/^server: up {2}phase: /);
    expect(lines.find((l) => l.startsWith('node-1'))).toMatch(/^node-1 {3}enhanced.*\s2$/);
    expect(lines.find((l) => l.startsWith('node-2'))).toMatch(/^node-2\* {2}enhanced.*\s2$/);
    expect(lines).toContain('* auto-recovery off: rides faults out on its circuit breaker');
    expect(renderFrame(view(), []).map(plain).join('\n')).not.toContain('auto-recovery off');
  });

  it('says it is waiting for the last tasks once the timeline is over', () => {
    expect(plain(renderFrame(view({ stage: 'finishing' }), [])[1] ?? '')).toBe('server: up  phase: finishing: waiting for the last tasks');
  });
});

describe('fit', () => {
  it('cuts a line to the visible width, keeping its color codes, and resets the color at the end', () => {
    const line = '\u001b[32mhealthy\u001b[0m and more';
    expect(fit(line, 4)).toBe('\u001b[32mheal\u001b[0m\u001b[0m');
    expect(plain(fit(line, 100))).toBe('healthy and more');
  });
});

describe('fitKeepingUrls and rowsOf', () => {
  it('cuts a line without a URL, keeps a line with one whole, and counts the rows a wrapped line takes', () => {
    expect(plain(fitKeepingUrls('node-1 healthy closed', 6))).toBe('node-1');
    const url = '\u001b[36mhttp://127.0.0.1:41365/\u001b[0m';
    expect(plain(fitKeepingUrls(`visualizer: ${url}`, 20))).toBe('visualizer: http://127.0.0.1:41365/');
    expect([rowsOf('x'.repeat(20), 20), rowsOf('x'.repeat(21), 20), rowsOf(`visualizer: ${url}`, 20), rowsOf('', 20)]).toEqual([1, 2, 2, 1]);
  });
});

describe('AnsiDashboard at 80 columns', () => {
  const visualizerUrl = 'http://127.0.0.1:41365/';
  const metricsUrl = 'http://127.0.0.1:41366/metrics';
  const frames = (columns: number, urls: Partial<RunView>, notes: readonly string[] = []): string[] => {
    vi.useFakeTimers();
    const out: string[] = [];
    const dashboard = new AnsiDashboard((text) => out.push(text), { frameMs: 100, columns });
    dashboard.update(view({ ...urls, nodes: [node('node-1', { autoRecovery: false }), node('node-2')] }));
    for (const note of notes) dashboard.note(note, 5_000);
    vi.advanceTimersByTime(200);
    dashboard.close();
    return out.slice(1, -1);
  };

  it('shows the whole visualizer and metrics URLs on every frame, and cuts no other line past the width', () => {
    const [frame = ''] = frames(80, { visualizerUrl, metricsUrl });
    const lines = plain(frame).replace(/^\[J/, '').split('\n').slice(0, -1);
    expect(lines).toContain(`visualizer: ${visualizerUrl}`);
    expect(lines).toContain(`metrics:    ${metricsUrl}`);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
    // Only the fault's details may be cut at 80 columns: the server's state, the phase, the node rows and the legend fit.
    const whole = renderFrame(view({ visualizerUrl, metricsUrl, nodes: [node('node-1', { autoRecovery: false }), node('node-2')] }), []).map(plain);
    expect(whole.filter((line) => line.length > 80).map((line) => line.slice(0, 30))).toEqual(['server: up  phase: 5xx burst (']);
  });

  it('keeps a URL longer than a narrow terminal whole and moves up over the rows it wrapped onto', () => {
    const long = `http://127.0.0.1:41365/?session=${'a'.repeat(40)}`;
    const drawn = frames(40, { visualizerUrl: long }, [`node-1: recovered through ${long}`]);
    const [first = '', second = ''] = drawn;
    const lines = plain(first).replace(/^\[J/, '').split('\n').slice(0, -1);
    expect(lines).toContain(`visualizer: ${long}`);
    expect(lines.some((line) => line.endsWith(`node-1: recovered through ${long}`))).toBe(true);
    const rows = lines.reduce((total, line) => total + Math.max(1, Math.ceil(line.length / 40)), 0);
    expect(rows).toBeGreaterThan(lines.length);
    expect(second.startsWith(`\u001b[${rows}F\u001b[J`)).toBe(true);
  });
});

describe('AnsiDashboard', () => {
  it('redraws each frame over the previous one, hides the cursor while drawing and shows it again on close', () => {
    vi.useFakeTimers();
    const out: string[] = [];
    const dashboard = new AnsiDashboard((text) => out.push(text), { frameMs: 100, columns: 80 });
    expect(out).toEqual(['\u001b[?25l']);
    vi.advanceTimersByTime(100);
    expect(out).toHaveLength(1);
    dashboard.update(view());
    vi.advanceTimersByTime(100);
    const first = out[1] ?? '';
    const lineCount = first.split('\n').length - 1;
    expect(first.startsWith('\u001b[J')).toBe(true);
    dashboard.note('node-1: circuit breaker opened for 2000 ms', 13_000);
    vi.advanceTimersByTime(100);
    expect(out[2]?.startsWith(`\u001b[${lineCount}F\u001b[J`)).toBe(true);
    expect(plain(out[2] ?? '')).toContain('[  13.0s] node-1: circuit breaker opened for 2000 ms');
    dashboard.close();
    expect(out.at(-1)).toBe('\u001b[?25h');
    const written = out.length;
    vi.advanceTimersByTime(1_000);
    expect(out).toHaveLength(written);
  });

  it('keeps only the latest events', () => {
    vi.useFakeTimers();
    const out: string[] = [];
    const dashboard = new AnsiDashboard((text) => out.push(text), { frameMs: 100 });
    dashboard.update(view());
    for (let i = 1; i <= 12; i += 1) dashboard.note(`event ${i}`, i * 1000);
    dashboard.close();
    const frame = plain(out.at(-2) ?? '');
    expect(frame).not.toContain('event 4\n');
    expect(frame).toContain('event 5');
    expect(frame).toContain('event 12');
  });
});

describe('PlainLog', () => {
  it('writes one stamped line per event of note', () => {
    const out: string[] = [];
    new PlainLog((text) => out.push(text)).note('fault: 5xx burst', 2_150);
    expect(out).toEqual(['[   2.1s] fault: 5xx burst\n']);
    expect(stamp(61_000)).toBe('[  61.0s]');
  });

  it('writes a progress line each time another tenth of the tasks is done, never twice for the same tenth', () => {
    const out: string[] = [];
    const log = new PlainLog((text) => out.push(text));
    for (const tasksDone of [0, 5, 19, 20, 21, 39, 40, 200]) log.update(view({ tasksDone, elapsedMs: tasksDone * 100 }));
    expect(out.map((line) => line.replace(/^\[\s*[\d.]+s\] /, ''))).toEqual([
      'progress: 20/200 tasks done (5xx burst; node-1=healthy node-2=offline)\n',
      'progress: 40/200 tasks done (5xx burst; node-1=healthy node-2=offline)\n',
      'progress: 200/200 tasks done (5xx burst; node-1=healthy node-2=offline)\n',
    ]);
  });
});
