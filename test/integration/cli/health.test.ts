import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultHealthDependencies, formatHealthLine, registerHealthCommand } from '../../../src/cli/health.js';
import type { HealthDependencies } from '../../../src/cli/health.js';
import { packageVersion, startServer } from '../../../src/server/index.js';
import type { RunningServer } from '../../../src/server/index.js';
import { vcconn, vcconnWith } from './support.js';

let server: RunningServer;
beforeEach(async () => {
  server = await startServer({ db: ':memory:' });
});
afterEach(async () => {
  await server.close();
});

const LINE = /^\[\d\d:\d\d:\d\d\] Healthy: true, Response: \d+ms, Circuit: CLOSED, Server: [\w.-]+$/;

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
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^\[09:05:07\] Healthy: true, Response: \d+ms, Circuit: CLOSED, Server: /);
    expect(lines[0]).toContain(`Server: ${packageVersion()}`);
    expect(h.sleep).toHaveBeenCalledTimes(1);
    expect(h.sleep.mock.calls[0]?.[0]).toBe(100);
  });

  it('runs from the real program with its real clock', async () => {
    const { code, stdout } = await vcconn('health', server.url, '-n', '1');
    expect(code).toBe(0);
    expect(stdout.trimEnd()).toMatch(LINE);
  });

  it('says the circuit is NONE through the Standard client', async () => {
    const { stdout } = await health().run(server.url, '-n', '1', '--standard');
    expect(stdout).toMatch(/Healthy: true, Response: \d+ms, Circuit: NONE, Server: /);
  });

  it('reports an unreachable server with its error and exits 1', async () => {
    const url = server.url;
    await server.close();
    const { code, stdout, stderr } = await health().run(url, '-n', '1');
    expect(code).toBe(1);
    expect(stdout).toMatch(/Healthy: false, Response: \d+ms, Circuit: CLOSED, Server: unknown, Error: health: network error ECONNREFUSED/);
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
    expect(stdout.trimEnd().split('\n')).toHaveLength(3);
  });

  it('uses the Connection settings of --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-health-'));
    try {
      writeFileSync(join(dir, 'appsettings.json'), '{ "Connection": { "HealthCheckTimeoutSeconds": 2 } }');
      const createClient = vi.fn<HealthDependencies['createClient']>((...args) => defaultHealthDependencies.createClient(...args));
      const { code } = await health({ createClient }).run(server.url, '-n', '1', '--config', dir);
      expect(code).toBe(0);
      expect(createClient).toHaveBeenCalledWith(server.url, 'enhanced', expect.objectContaining({ healthCheckTimeoutSeconds: 2 }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['ftp://example'], /value 'ftp:\/\/example' is invalid for argument 'url'. "ftp:\/\/example" must use http or https/],
    [['localhost:5289x'], /is not an absolute URL|must use http or https/],
    [['http://127.0.0.1:1', '--interval', '0'], /Expected a positive number of seconds/],
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

  it('writes the seed dashboard line with the breaker state in capitals', () => {
    const at = new Date(2025, 0, 2, 14, 3, 7);
    expect(formatHealthLine(at, status, 'closed')).toBe('[14:03:07] Healthy: true, Response: 13ms, Circuit: CLOSED, Server: 1.2.3');
    expect(formatHealthLine(at, { ...status, isHealthy: false, lastError: 'boom', circuitBreakerOpen: true }, 'halfOpen'))
      .toBe('[14:03:07] Healthy: false, Response: 13ms, Circuit: HALF-OPEN, Server: 1.2.3, Error: boom');
    expect(formatHealthLine(at, { ...status, serverVersion: '' }, undefined)).toBe('[14:03:07] Healthy: true, Response: 13ms, Circuit: NONE, Server: unknown');
  });
});
