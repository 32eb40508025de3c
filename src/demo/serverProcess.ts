import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LISTENING_LINE_PATTERN } from '../server/listeningLine.js';

/** How to run `vcconn`: the Node binary and the arguments before the command name. */
export interface CliLaunch {
  readonly execPath: string;
  readonly args: readonly string[];
}

/** The reference server running as `vcconn serve` in a child process. */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** SIGKILL, as a crash: no request finishes, nothing is flushed beyond what SQLite's WAL already holds. Resolves on exit. */
  kill(): Promise<void>;
  /** SIGTERM: the server finishes its requests and closes the database. Resolves on exit. */
  stop(): Promise<void>;
}

/** Options of {@link startServerProcess}. */
export interface ServerProcessOptions {
  /** SQLite file; a restart on the same file keeps every task. */
  readonly db: string;
  /** Port; 0 (default) picks a free one. A restart passes the port of the first start. */
  readonly port?: number;
  /** How to run the CLI; default {@link currentCliLaunch}. */
  readonly launch?: CliLaunch;
  /** Longest wait for the listening line, ms. Default 30000. */
  readonly startTimeoutMs?: number;
  /** False runs it with `--no-idempotency`: it ignores Idempotency-Key and advertises nothing, as the .NET server. Default true. */
  readonly idempotency?: boolean;
}

/**
 * How this very process was started, for a child that runs `vcconn`: the same Node binary and flags (so the
 * tsx loader comes along under `npm start`, and nothing extra is needed from dist) and the CLI entry next to
 * this module. Debugger flags are left out, so the child does not fight over the inspector port.
 */
export function currentCliLaunch(): CliLaunch {
  const entry = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../cli.ts' : '../cli.js', import.meta.url));
  const flags = process.execArgv.filter((flag) => !/^--(inspect|debug)/.test(flag));
  return { execPath: process.execPath, args: [...flags, entry] };
}

/**
 * Starts `vcconn serve --db <db> --port <port>` (plus `--no-idempotency` when asked) in a child process and
 * resolves once it prints its listening line (nothing sleeps). The child is killed if this process exits first.
 * @throws {@link Error} naming the server's last output when it exits or stays silent before listening.
 */
export function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const launch = options.launch ?? currentCliLaunch();
  const flags = options.idempotency === false ? ['--no-idempotency'] : [];
  const child = spawn(launch.execPath, [...launch.args, 'serve', '--db', options.db, '--port', String(options.port ?? 0), ...flags], {
    stdio: 'pipe',
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      process.removeListener('exit', killOnExit);
      resolve();
    });
  });
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return readListeningUrl(child, exited, options.startTimeoutMs ?? 30_000).then((url) => ({
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? -1,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  }), async (error: unknown) => {
    await signal('SIGKILL');
    throw error;
  });
}

function readListeningUrl(child: ChildProcessWithoutNullStreams, exited: Promise<void>, timeoutMs: number): Promise<string> {
  let out = '';
  let err = '';
  const tail = (): string => `${out}${err}`.trim().split('\n').slice(-8).join('\n');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err = (err + chunk).slice(-4000);
  });
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`The server did not listen within ${timeoutMs} ms:\n${tail()}`))), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (settled) return;
      out += chunk;
      const match = LISTENING_LINE_PATTERN.exec(out);
      if (match?.[1] !== undefined) {
        const url = match[1];
        settle(() => resolve(url));
      }
    });
    void exited.then(() => settle(() => reject(new Error(`The server exited before listening:\n${tail()}`))));
  });
}
