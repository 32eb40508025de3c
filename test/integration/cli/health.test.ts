import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { circuitText, defaultHealthDependencies, formatHealthLine, registerHealthCommand } from '../../../src/cli/health.js';
import type { HealthDependencies } from '../../../src/cli/health.js';
import { packageVersion, startServer } from '../../../src/server/index.js';
import type { RunningServer } from '../../../src/server/index.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import { vcconn, vcconnWith } from './support.js';

let server: RunningServer;
beforeEach(async () => {
  server = await startServer({ db: ':memory:' });
});
afterEach(async () => {
  await server.close();
});

const LINE = /^\[\d\d:\d\d:\d\d\] Healthy: true, Response: \d+ms, Circuit: CLOSED, Server: [\w.-]+, Link: healthy, Client: enhanced$/;

/** The dashboard lines (the two header lines left out). */
function dashboardLines(stdout: string): string[] {
  return stdout.trimEnd().split('\n').filter((line) => line.startsWith('['));
}

/** The real command with the real clients, but waits that end at once and a fixed clock. */
function health(overrides: Partial<HealthDependencies> = {}) {
  const sleep = vi.fn<HealthDependencies['sleep']>(() => Promise.resolve(true));
  const dependencies: HealthDependencies = {
    ...defaultHealthDependencies, sleep, now: () => new Date(2025, 0, 2, 9, 5, 7), onInterrupt: () => () => undefined, ...overrides,
  };
  return { sleep, run: (...args: string[]) => vcconnWith((program, io) => registerHealthCommand(program, io, dependencies), 'health', ...args) };
}

describe('vcconn health', () => {
  it('prints a line per interval against the reference server and stops after --count, exit 0', async () => {
    const h = health();
    const { code, stdout } = await h.run(server.url, '--count', '2', '--interval', '0.1');
    expect(code).toBe(0);
    const lines = dashboardLines(stdout);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^\[09:05:07\] Healthy: true, Response: \d+ms, Circuit: CLOSED, Server: .*, Link: healthy, Client: enhanced$/);
    expect(lines[0]).toContain(`Server: ${packageVersion()}`);
    expect(stdout).toContain(`vcconn health ${server.url}: GET api/health every 0.1 s, 2 time(s)`);
    expect(stdout).toContain("Circuit: the dashboard's own breaker (not the client's), counting each GET api/health probe");
    expect(h.sleep).toHaveBeenCalledTimes(1);
    expect(h.sleep.mock.calls[0]?.[0]).toBe(100);
  });

  it('runs from the real program with its real clock', async () => {
    const { code, stdout } = await vcconn('health', server.url, '-n', '1');
    expect(code).toBe(0);
    const [header, circuit, line, ...rest] = stdout.trimEnd().split('\n');
    expect(header).toContain('every 30 s (the default; --interval to change, e.g. 0.5)');
    expect(circuit).toMatch(/^Circuit: the dashboard's own breaker .* opens at 5 transient failures among at least 3 calls in 60 s; half-open after 30 s/);
    expect(line).toMatch(LINE);
    expect(rest).toEqual([]);
  });

  it('shows the Standard client, its probes counted by the dashboard\'s own breaker', async () => {
    const { stdout } = await health().run(server.url, '-n', '1', '--standard');
    expect(stdout).toMatch(/Healthy: true, Response: \d+ms, Circuit: CLOSED, Server: .*, Link: healthy, Client: standard$/m);
    expect(stdout).toContain('through a ConnectionManager (standard client first');
  });

  it('makes the --probe call each tick and shows its outcome and the client\'s own breaker', async () => {
    const { code, stdout } = await health().run(server.url, '-n', '2', '--probe', 'api/tasks', '-i', '0.5');
    expect(code).toBe(0);
    expect(stdout).toContain("Circuit: the client's own breaker, moved by GET api/tasks once per tick (no retries)");
    expect(dashboardLines(stdout)).toEqual([
      expect.stringMatching(/Circuit: CLOSED, .*Client: enhanced, Probe: ok$/),
      expect.stringMatching(/Circuit: CLOSED, .*Client: enhanced, Probe: ok$/),
    ]);
  });

  it('--standard --probe: the Standard client has no breaker, so the dashboard\'s own counts the calls', async () => {
    // Against a healthy server: the Standard client's fixed retries wait real seconds after a 503.
    const { code, stdout } = await health().run(server.url, '-n', '1', '--standard', '--probe', 'getTasks');
    expect(code).toBe(0);
    expect(stdout).toContain("Circuit: the dashboard's own breaker (not the client's), counting the outcome of GET api/tasks");
    expect(dashboardLines(stdout)).toEqual([expect.stringMatching(/Circuit: CLOSED, .*Client: standard, Probe: ok$/)]);
  });

  it('reports an unreachable server with its error and exits 1', async () => {
    const url = server.url;
    await server.close();
    const { code, stdout, stderr } = await health().run(url, '-n', '1');
    expect(code).toBe(1);
    expect(stdout).toMatch(/Healthy: false, Response: \d+ms, Circuit: CLOSED, Server: unknown, Link: (recovering|degraded), Client: enhanced, Error: health: network error ECONNREFUSED/);
    expect(stderr).toBe(`vcconn: ${url} was not healthy at the last check\n`);
  });

  it('goes on until Ctrl-C without --count', async () => {
    let interrupt: () => void = () => undefined;
    let probes = 0;
    const h = health({
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => undefined;
      },
      sleep: (_ms, signal) => {
        probes += 1;
        if (probes === 3) interrupt();
        return Promise.resolve(!signal.aborted);
      },
    });
    const { code, stdout } = await h.run(server.url, '-i', '5');
    expect(code).toBe(0);
    expect(dashboardLines(stdout)).toHaveLength(3);
    expect(stdout).toContain('until Ctrl-C');
  });

  it('uses the Connection settings of --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-health-'));
    try {
      writeFileSync(join(dir, 'appsettings.json'), '{ "Connection": { "CircuitBreakerFailureThreshold": 7, "CircuitBreakerFailureRatio": 0.5 } }');
      const loadConnection = vi.fn<HealthDependencies['loadConnection']>((directory) => defaultHealthDependencies.loadConnection(directory));
      const { code, stdout } = await health({ loadConnection }).run(server.url, '-n', '1', '--config', dir);
      expect(code).toBe(0);
      expect(loadConnection).toHaveBeenCalledWith(dir);
      expect(stdout).toContain('opens at 7 transient failures among at least 3 calls in 60 s and a failure ratio of 0.5');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['ftp://example'], /value 'ftp:\/\/example' is invalid for argument 'url'. "ftp:\/\/example" must use http or https/],
    [['localhost:5289x'], /is not an absolute URL|must use http or https/],
    [['http://127.0.0.1:1', '--interval', '0'], /Expected a positive number of seconds/],
    [['http://127.0.0.1:1', '--interval', 'half'], /option '-i, --interval <seconds>' argument 'half' is invalid. Expected a positive number of seconds/],
    [['http://127.0.0.1:1', '--probe', 'api/tasks/1'], /"api\/tasks\/1" is not a call the dashboard may repeat; one of: api\/tasks \(getTasks\)/],
    [['http://127.0.0.1:1', '--count', '0'], /Expected an integer from 1 to 1000000/],
    [[], /missing required argument 'url'/],
  ])('exits 2 for %o', async (args, message) => {
    const { code, stderr } = await health().run(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('formatHealthLine', () => {
  const status = { isHealthy: true, responseTimeMs: 12.6, lastError: null, lastChecked: 0, circuitBreakerOpen: false, failureCount: 0, serverVersion: '1.2.3' };

  it('writes the seed dashboard line with the breaker state in capitals, then the link and the client', () => {
    const at = new Date(2025, 0, 2, 14, 3, 7);
    expect(formatHealthLine(at, status, { circuit: circuitText('closed', 'closed'), link: 'healthy', client: 'enhanced' }))
      .toBe('[14:03:07] Healthy: true, Response: 13ms, Circuit: CLOSED, Server: 1.2.3, Link: healthy, Client: enhanced');
    expect(formatHealthLine(at, { ...status, isHealthy: false, lastError: 'boom', circuitBreakerOpen: true }, {
      circuit: circuitText('halfOpen', 'open'), link: 'degraded', client: 'enhanced', probe: 'HTTP 503',
    })).toBe('[14:03:07] Healthy: false, Response: 13ms, Circuit: HALF-OPEN -> OPEN, Server: 1.2.3, Link: degraded, Client: enhanced, Probe: HTTP 503, Error: boom');
    expect(formatHealthLine(at, { ...status, serverVersion: '' }, { circuit: circuitText(undefined, undefined), link: 'healthy', client: 'standard' }))
      .toBe('[14:03:07] Healthy: true, Response: 13ms, Circuit: NONE, Server: unknown, Link: healthy, Client: standard');
  });
});

describe('vcconn health against a server answering 503 to everything', () => {
  /** Opens on the 2nd failure, half-open 1 s later; the break doubles after a failed probe (2 s). */
  const SETTINGS = '{ "Connection": { "CircuitBreakerFailureThreshold": 2, "CircuitBreakerMinimumThroughput": 2, "CircuitBreakerBreakDurationSeconds": 1 } }';

  /**
   * Runs the dashboard for `count` ticks of 0.5 s on a SimulatedClock (each wait moves it on; no real time passes)
   * and returns the Circuit column of each line.
   */
  async function circuitColumn(...args: string[]): Promise<{ circuits: string[]; lines: string[]; requests: number; code: number }> {
    const unavailable = await startLoopbackServer((_request, response) => {
      response.writeHead(503, { 'Content-Type': 'application/json' });
      response.end('{"message":"unavailable"}');
    });
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-health-503-'));
    try {
      writeFileSync(join(dir, 'appsettings.json'), SETTINGS);
      const clock = new SimulatedClock();
      clock.set(1_700_000_000_000);
      const sleep = (ms: number) => {
        clock.increment(ms);
        return Promise.resolve(true);
      };
      const { code, stdout } = await health({ clock, sleep }).run(unavailable.url, '-n', '8', '-i', '0.5', '-c', dir, ...args);
      const lines = dashboardLines(stdout);
      const circuits = lines.map((line) => /Circuit: ([^,]+),/.exec(line)?.[1] ?? '?');
      return { circuits, lines, requests: unavailable.requestCount, code };
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await unavailable.close();
    }
  }

  // t = 0, 0.5, 1, ... s: two failures open it (1 s break), the tick at 1.5 s meets it half-open and its failed
  // probe reopens it for 2 s, so the next probe goes out at 3.5 s.
  const expected = ['CLOSED', 'CLOSED -> OPEN', 'OPEN', 'HALF-OPEN -> OPEN', 'OPEN', 'OPEN', 'OPEN', 'HALF-OPEN -> OPEN'];

  it('--probe api/tasks: the Enhanced client\'s own breaker goes OPEN, then HALF-OPEN, as the settings say', async () => {
    const { circuits, lines, code } = await circuitColumn('--probe', 'api/tasks');
    expect(code).toBe(1);
    expect(circuits).toEqual(expected);
    expect(lines.map((line) => /Probe: ([^,]+)/.exec(line)?.[1])).toEqual([
      'HTTP 503', 'HTTP 503', 'refused (circuit open)', 'HTTP 503', 'refused (circuit open)', 'refused (circuit open)', 'refused (circuit open)', 'HTTP 503',
    ]);
    for (const line of lines) expect(line).toMatch(/Healthy: false, .*Link: (recovering|degraded|offline), Client: enhanced, /);
  });

  it('without --probe: the dashboard\'s own breaker, counting the health probes, does the same', async () => {
    const { circuits, code } = await circuitColumn();
    expect(code).toBe(1);
    expect(circuits).toEqual(expected);
  });
});
