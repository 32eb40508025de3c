import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Marks the line of a namespaced entry's stdout that holds its result (or its `{ error }`). */
const RESULT_PREFIX = 'NAMESPACE_RESULT ';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * What a scenario in a network namespace of its own needs: root, `unshare`, `ip` and `iptables`. A missing piece
 * fails the test with a sentence naming `scenario` and the Debian packages, never skips it.
 */
export function requireNamespaceTools(scenario: string): void {
  if (process.getuid?.() !== 0) throw new Error(`The ${scenario} needs root (unshare -n, iptables); CI runs it as root.`);
  for (const tool of ['unshare', 'ip', 'iptables']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`The ${scenario} needs \`${tool}\` on PATH (Debian: apt-get install -y iptables iproute2 util-linux).`);
    }
  }
}

/** Runs `main` as a namespaced entry's body: prints its result, or its error, where {@link runInNamespace} reads it. */
export function runAsNamespaceEntry(main: () => Promise<unknown>): void {
  main().then((result) => {
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  }, (error: unknown) => {
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
    process.exitCode = 1;
  });
}

/**
 * Runs the entry file (a {@link runAsNamespaceEntry}) in a network namespace of its own (`unshare -n`), so its
 * iptables rules touch nothing else, and returns the result it prints.
 * @throws naming `scenario`, the exit code, the entry's error and the tail of its stderr when it fails.
 */
export function runInNamespace<T>(entry: string, scenario: string): Promise<T> {
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
      const parsed: unknown = line === undefined ? undefined : JSON.parse(line.slice(RESULT_PREFIX.length));
      const failure = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String(parsed.error) : undefined;
      if (parsed === undefined || failure !== undefined || code !== 0) {
        reject(new Error(`the ${scenario} failed (exit ${code ?? 'signal'}): ${failure ?? ''}\n${err}`));
        return;
      }
      resolve(parsed as T);
    });
  });
}
