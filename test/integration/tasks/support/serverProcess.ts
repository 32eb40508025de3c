import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const launcher = fileURLToPath(new URL('./serverLauncher.ts', import.meta.url));

/** The reference server running in a child process. */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  /** Kills the process with SIGKILL (no close, no flush: a crash) and resolves once it has exited. */
  kill(): Promise<void>;
}

/**
 * Starts the reference server on `db` in a child process (`node --import tsx`), on `port` (0: a free one), and
 * resolves once it prints its URL: its own line is the signal, nothing sleeps.
 */
export async function startServerProcess(db: string, port = 0): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', launcher, db, String(port)], { cwd: repoRoot, stdio: 'pipe' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await readUrl(child, exited);
  return {
    url,
    port: Number(new URL(url).port),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

function readUrl(child: ChildProcessWithoutNullStreams, exited: Promise<void>): Promise<string> {
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
  return new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`the server exited before listening:\n${out}\n${err}`)));
  });
}
