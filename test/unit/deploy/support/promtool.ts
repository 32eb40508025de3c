import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Where promtool is: on PATH, or undefined. */
export function findPromtool(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, 'promtool');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The error a test fails with when promtool is missing: it names the package to install. */
export const PROMTOOL_MISSING =
  'promtool is not on PATH: install Debian\'s `prometheus` package (`apt-get install -y prometheus`), which ships it; .ci/run does so in its `promtool` step';

/** Runs `promtool <args>` in `cwd`; resolves with its exit code and output, never rejects for a non-zero exit. */
export function runPromtool(promtool: string, args: readonly string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(promtool, args, { cwd }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error === null) resolve({ code: 0, output });
      else if (typeof error.code === 'number') resolve({ code: error.code, output });
      else reject(new Error(`promtool ${args.join(' ')} did not run: ${error.message}`, { cause: error }));
    });
  });
}
