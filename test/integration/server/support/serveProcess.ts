import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `src/cli.ts` lives. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A `vcconn` child process with its output collected. */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `vcconn <args>` from the sources (node with the tsx loader). */
export function runVcconn(args: readonly string[]): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: repoRoot, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/**
 * Runs `vcconn serve <args>` and resolves with its URL once it prints its listening line (no sleeping: the
 * line is the signal); rejects with its output if it exits first.
 */
export async function startServeProcess(args: readonly string[]): Promise<CliProcess & { url: string }> {
  const proc = runVcconn(['serve', ...args]);
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(proc.stdout());
      if (match?.[1] !== undefined) {
        proc.child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    proc.child.stdout.on('data', onData);
    void proc.exited.then(({ code, signal }) =>
      reject(new Error(`vcconn serve exited (${code ?? signal}) before listening:\n${proc.stdout()}\n${proc.stderr()}`)));
  });
  return { ...proc, url };
}
