import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { client } from './support/http.js';
import type { CliProcess } from './support/serveProcess.js';
import { runVcconn, startServeProcess } from './support/serveProcess.js';
import { serve, tempDir } from './support/testServer.js';

const processes: CliProcess[] = [];
afterEach(async () => {
  for (const proc of processes.splice(0)) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    await proc.exited;
  }
});

function track<T extends CliProcess>(proc: T): T {
  processes.push(proc);
  return proc;
}

describe('vcconn serve', () => {
  it('with --port 0 picks a free port, prints its URL and serves the API there', async () => {
    const proc = track(await startServeProcess(['--port', '0', '--db', ':memory:']));
    expect(proc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(proc.url).not.toMatch(/:0$/);
    const health = await client(proc.url).get('/api/health');
    expect(health.json()).toMatchObject({ status: 'healthy' });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('stops gracefully on %s with exit code 0', async (signal) => {
    const db = join(tempDir(), 'vcdev.db');
    const proc = track(await startServeProcess(['--port', '0', '--db', db]));
    await client(proc.url).post('/api/tasks', { name: 'kept' });
    proc.child.kill(signal);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(proc.stderr()).toContain(`${signal}: finishing requests in flight and closing the database`);
    expect(proc.stderr()).toContain('server stopped');

    const again = track(await startServeProcess(['--port', '0', '--db', db]));
    expect((await client(again.url).get('/api/tasks')).json()).toMatchObject([{ name: 'kept' }]);
  });

  it('passes --error-style and --enum-output to the server', async () => {
    const proc = track(await startServeProcess(['--port', '0', '--db', ':memory:', '--error-style', 'aspnet', '--enum-output', 'names']));
    const api = client(proc.url);
    expect((await api.post('/api/tasks', { name: 'x' })).json()).toMatchObject({ status: 'Pending', type: 'Unknown' });
    expect((await api.post('/api/filelocks/release', { filePath: 'p', nodeId: 'a' })).text).toBe('File p is not locked');
  });

  it.each([
    [['--bogus'], "error: unknown option '--bogus'"],
    [['--port', 'abc'], "option '-p, --port <port>' argument 'abc' is invalid. A port is an integer from 0 to 65535"],
    [['--port', '70000'], "argument '70000' is invalid"],
    [['--error-style', 'xml'], 'Allowed choices are json, aspnet'],
    [['--heartbeat-timeout', '-5'], 'Expected a positive number of seconds'],
    [['--host', ''], 'Server option host must be a non-empty host name or address'],
    [['extra-argument'], 'too many arguments'],
  ])('exits with code 2 and a clear message for %j', async (args, message) => {
    const proc = track(runVcconn(['serve', ...args, '--db', ':memory:']));
    expect(await proc.exited).toEqual({ code: 2, signal: null });
    expect(proc.stderr()).toContain(message);
    expect(proc.stdout()).not.toContain('listening on');
  });

  it('exits with code 1 and the reason when the port is taken', async () => {
    const { server } = await serve();
    const proc = track(runVcconn(['serve', '--port', String(server.port), '--db', ':memory:']));
    expect(await proc.exited).toEqual({ code: 1, signal: null });
    expect(proc.stderr()).toContain('EADDRINUSE');
  });

  it('exits with code 1 when the database file cannot be opened', async () => {
    const db = join(tempDir(), 'no-such-dir', 'vcdev.db');
    const proc = track(runVcconn(['serve', '--port', '0', '--db', db]));
    expect(await proc.exited).toEqual({ code: 1, signal: null });
    expect(proc.stderr()).toContain('vcconn: ');
    expect(proc.stderr()).toContain('directory does not exist');
  });
});

describe('vcconn', () => {
  it('prints the package version with --version', async () => {
    const proc = track(runVcconn(['--version']));
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(proc.stdout().trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits with code 2 for an unknown command', async () => {
    const proc = track(runVcconn(['frobnicate']));
    expect(await proc.exited).toEqual({ code: 2, signal: null });
    expect(proc.stderr()).toContain("unknown command 'frobnicate'");
  });
});
