import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/program.js';
import { registerServeCommand } from '../../../src/cli/serve.js';
import type { ServeDependencies } from '../../../src/cli/serve.js';
import { ServerOptionsError } from '../../../src/server/errors/ServerOptionsError.js';
import type { RunningServer, ServerOptions } from '../../../src/server/index.js';

function harness(start: (options: ServerOptions) => Promise<RunningServer>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  let stop: ((signal: NodeJS.Signals) => void) | undefined;
  const startSpy = vi.fn(start);
  const dependencies: ServeDependencies = { start: startSpy, onStopSignal: (handler) => { stop = handler; } };
  const program = new Command('vcconn').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerServeCommand(program, io, dependencies);
  return {
    run: (...args: string[]) => runCli(['node', 'vcconn', 'serve', ...args], io, program),
    start: startSpy,
    stop: (signal: NodeJS.Signals) => stop?.(signal),
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

const fakeServer = (close: () => Promise<void> = () => Promise.resolve()): RunningServer =>
  ({ url: 'http://127.0.0.1:5289', port: 5289, close });

describe('vcconn serve (command wiring)', () => {
  it('starts on port 5289 with ./vcdev.db by default and prints the listening line', async () => {
    const cli = harness(() => Promise.resolve(fakeServer()));
    expect(await cli.run()).toBe(0);
    expect(cli.start).toHaveBeenCalledWith(expect.objectContaining({
      port: 5289, host: '127.0.0.1', db: './vcdev.db', errorStyle: 'json', enumOutput: 'numbers', heartbeatTimeoutMs: undefined,
      idempotency: true,
    }));
    expect(cli.stdout()).toBe('vcconn server listening on http://127.0.0.1:5289 (db ./vcdev.db)\n');
  });

  it('passes every flag through, converting the heartbeat timeout to milliseconds', async () => {
    const cli = harness(() => Promise.resolve(fakeServer()));
    await cli.run('--port', '0', '--host', '::1', '--db', ':memory:', '--error-style', 'aspnet', '--enum-output', 'names', '--heartbeat-timeout', '30',
      '--no-idempotency');
    expect(cli.start).toHaveBeenCalledWith(expect.objectContaining({
      port: 0, host: '::1', db: ':memory:', errorStyle: 'aspnet', enumOutput: 'names', heartbeatTimeoutMs: 30_000, idempotency: false,
    }));
  });

  it('closes the server once on a stop signal and says so', async () => {
    const close = vi.fn(() => Promise.resolve());
    const cli = harness(() => Promise.resolve(fakeServer(close)));
    await cli.run();
    cli.stop('SIGTERM');
    await vi.waitFor(() => expect(cli.stderr()).toContain('server stopped'));
    expect(close).toHaveBeenCalledTimes(1);
    expect(cli.stderr()).toContain('SIGTERM: finishing requests in flight and closing the database');
  });

  it('exits 2 without starting for a bad value, and 2 for a bad server option', async () => {
    const cli = harness(() => Promise.reject(new ServerOptionsError('host', '', 'a non-empty host name or address')));
    expect(await cli.run('--port', '99999')).toBe(2);
    expect(cli.start).not.toHaveBeenCalled();
    expect(await cli.run('--host', '')).toBe(2);
    expect(cli.stderr()).toContain('vcconn: Server option host must be a non-empty host name or address; got ""');
  });

  it('exits 1 with the reason when the server cannot start', async () => {
    const cli = harness(() => Promise.reject(new Error('listen EADDRINUSE: address already in use 127.0.0.1:5289')));
    expect(await cli.run()).toBe(1);
    expect(cli.stderr()).toBe('vcconn: listen EADDRINUSE: address already in use 127.0.0.1:5289\n');
  });
});
