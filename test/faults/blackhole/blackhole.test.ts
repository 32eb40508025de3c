import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectInvariants, recordRow } from '../support/invariants.js';
import type { ScenarioResult } from '../support/scenario.js';
import { RESULT_PREFIX } from './scenario.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const entry = fileURLToPath(new URL('./scenario.ts', import.meta.url));

/** What CI must provide; a missing piece fails the test with this sentence, never skips it. */
function requireNamespaceTools(): void {
  if (process.getuid?.() !== 0) throw new Error('The blackhole scenario needs root (unshare -n, iptables); CI runs it as root.');
  for (const tool of ['unshare', 'ip', 'iptables']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`The blackhole scenario needs \`${tool}\` on PATH (Debian: apt-get install -y iptables iproute2 util-linux).`);
    }
  }
}

/** Runs the scenario in a network namespace of its own and returns the result it prints. */
function runInNamespace(): Promise<ScenarioResult> {
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
      const parsed = line === undefined ? undefined : JSON.parse(line.slice(RESULT_PREFIX.length)) as ScenarioResult | { error: string };
      if (parsed === undefined || 'error' in parsed || code !== 0) {
        reject(new Error(`the blackhole scenario failed (exit ${code ?? 'signal'}): ${parsed !== undefined && 'error' in parsed ? parsed.error : ''}\n${err}`));
        return;
      }
      resolve(parsed);
    });
  });
}

describe('fault: blackhole, every packet to the server dropped (iptables DROP in a network namespace)', () => {
  it('keeps every task exactly once; health probes time out, every node recovers against it in vain, then comes back healthy', async () => {
    requireNamespaceTools();
    const result = await runInNamespace();
    recordRow(result, `${String(result.figures.droppedPackets)} packets dropped; every node recovering>offline, back healthy after the DROP was lifted`);
    expectInvariants(result);
    expect(result.figures.droppedPackets, 'packets dropped by the rule').toBeGreaterThan(0);
    for (const node of result.nodes) {
      expect(node.links, `${node.id} link went offline`).toContain('offline');
      expect(node.links.at(-1), `${node.id} link back`).toBe('healthy');
    }
  });
});
