import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a bench script (path relative to bench/) in a fresh Node process with tsx, and resolves with the JSON
 * objects it printed, one per stdout line. Rejects with its stderr when it exits non-zero.
 */
export function runBenchChild(script: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<unknown[]> {
  const entry = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      process.off('exit', reap);
      if (code !== 0) {
        reject(new Error(`${script} exited with ${code}: ${stderr.trim().split('\n').slice(-15).join('\n')}`));
        return;
      }
      resolve(stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown));
    });
  });
}
