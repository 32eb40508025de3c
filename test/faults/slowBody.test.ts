import { describe, expect, it } from 'vitest';
import { proxiedServer } from './support/inProcessServer.js';
import { expectInvariants, recordRow } from './support/invariants.js';
import { onApi } from './support/rules.js';
import { runScenario } from './support/scenario.js';

describe('fault: answers trickle in a byte at a time, far past the attempt timeout', () => {
  it('keeps every task exactly once; attempts time out on the whole answer, breakers open and close again', async () => {
    const result = await runScenario({
      fault: 'slow body',
      setUp: (db) => proxiedServer(db, async (proxy, run) => {
        // One byte every 100 ms keeps the socket busy, so only a limit on the whole answer can end the attempt.
        proxy.setRule(onApi({ kind: 'slowBody', intervalMs: 100 }));
        await run.waitUntil('every breaker to open', () => run.nodes.every((n) => n.breakerOpenings > 0));
        proxy.setRule(null);
        return { trickled: proxy.count('slowBody') };
      }),
    });
    recordRow(result, `${String(result.figures.trickled)} answers trickled; every breaker opened on timeouts and closed again`);
    expectInvariants(result);
    for (const node of result.nodes) {
      expect(node.breakerOpenings, `${node.id} breaker opened`).toBeGreaterThan(0);
      expect(node.breaker.at(-1)?.type, `${node.id} breaker ends closed`).toBe('closed');
    }
  });
});
