import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectInvariants, recordRow } from '../support/invariants.js';
import type { ScenarioResult } from '../support/scenario.js';
import { requireNamespaceTools, runInNamespace } from '../support/namespaceRun.js';

const entry = fileURLToPath(new URL('./scenario.ts', import.meta.url));

describe('fault: blackhole, every packet to the server dropped (iptables DROP in a network namespace)', () => {
  it('keeps every task exactly once; health probes time out, every node recovers against it in vain, then comes back healthy', async () => {
    requireNamespaceTools('blackhole scenario');
    const result = await runInNamespace<ScenarioResult>(entry, 'blackhole scenario');
    recordRow(result, `${String(result.figures.droppedPackets)} packets dropped; every node recovering>offline, back healthy after the DROP was lifted`);
    expectInvariants(result);
    expect(result.figures.droppedPackets, 'packets dropped by the rule').toBeGreaterThan(0);
    for (const node of result.nodes) {
      expect(node.links, `${node.id} link went offline`).toContain('offline');
      expect(node.links.at(-1), `${node.id} link back`).toBe('healthy');
    }
  });
});
