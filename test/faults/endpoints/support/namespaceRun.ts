import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Marks the line of the entry's stdout that holds its result. */
export const RESULT_PREFIX = 'ENDPOINT_FAULT_RESULT ';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** What the namespace needs; a missing piece fails the test with this sentence, never skips it. */
export function requireNamespaceTools(): void {
  if (process.getuid?.() !== 0) throw new Error('The endpoint blackhole scenario needs root (unshare -n, iptables); CI runs it as root.');
  for (const tool of ['unshare', 'ip', 'iptables']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`The endpoint blackhole scenario needs \`${tool}\` on PATH (Debian: apt-get install -y iptables iproute2 util-linux).`);
    }
  }
}

/** Runs the entry file in a network namespace of its own (`unshare -n`) and returns the result it prints. */
export function runInNamespace<T>(entry: string): Promise<T> {
  const child = spawn('unshare', ['-n', process.execPath, '--import', 'tsx', entry], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err = (err + chunk).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      const parsed = line === undefined ? undefined : JSON.parse(line.slice(RESULT_PREFIX.length)) as T | { error: string };
      if (parsed === undefined || (typeof parsed === 'object' && parsed !== null && 'error' in parsed) || code !== 0) {
        const message = parsed !== undefined && typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String(parsed.error) : '';
        reject(new Error(`the scenario failed (exit ${code ?? 'signal'}): ${message}\n${err}`));
        return;
      }
      resolve(parsed);
    });
  });
}
