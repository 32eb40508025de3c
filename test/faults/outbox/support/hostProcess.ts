import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../../support/waitUntil.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

/** A host process running one of the outbox fault scripts, with the JSON lines it printed so far. */
export interface HostProcess {
  readonly pid: number;
  /** Every JSON line printed on stdout, parsed. */
  readonly lines: readonly Record<string, unknown>[];
  /** Resolves with the exit code (null) and signal once it has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The first printed line holding `key`, polled for until it comes (or the process exits). */
  lineWith(key: string, deadlineMs?: number): Promise<Record<string, unknown>>;
  /** SIGKILL, as a crash; resolves once it has exited. */
  kill(): Promise<void>;
  /** stderr so far (the last 4000 characters). */
  stderr(): string;
}

/** Starts `node --import tsx <script> ...args` from the repository root. Killed if the test process exits first. */
export function startHost(script: string, args: readonly string[]): HostProcess {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repo, stdio: 'pipe' });
  const reap = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', reap);
  const lines: Record<string, unknown>[] = [];
  let pending = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err = (err + chunk).slice(-4000);
  });
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      done = true;
      process.removeListener('exit', reap);
      resolve({ code, signal });
    });
  });
  return {
    pid: child.pid ?? -1,
    lines,
    exited,
    async lineWith(key, deadlineMs = 60_000) {
      await waitUntil(`a line with "${key}" from ${script}`, () => done || lines.some((line) => key in line), deadlineMs, () => err);
      const line = lines.find((candidate) => key in candidate);
      if (line === undefined) throw new Error(`${script} exited without printing "${key}": ${err}`);
      return line;
    },
    async kill() {
      if (!done) child.kill('SIGKILL');
      await exited;
    },
    stderr: () => err,
  };
}
