import { describe, expect, it } from 'vitest';
import { proxiedServer } from './support/inProcessServer.js';
import { expectInvariants, recordRow } from './support/invariants.js';
import { isHealth, isStatusWrite } from './support/rules.js';
import { runScenario } from './support/scenario.js';

describe('fault: connections reset in the middle of the answer, after the server applied the request', () => {
  it('keeps every task exactly once though status writes and creations were applied without their answers', async () => {
    const result = await runScenario({
      fault: 'reset mid-response',
      setUp: (db) => proxiedServer(db, async (proxy, run) => {
        // Every write is cut, and every other read, so nodes still see tasks, claim them and meet the fault on each write.
        let reads = 0;
        proxy.setRule((request) => {
          if (isHealth(request)) return { kind: 'pass' };
          if (request.method === 'GET') reads += 1;
          return request.method !== 'GET' || reads % 2 === 0 ? { kind: 'resetMidResponse' } : { kind: 'pass' };
        });
        const resetWrites = (): number => proxy.exchanges.filter((e) => e.action === 'resetMidResponse' && isStatusWrite(e)).length;
        const resetCreates = (): number => proxy.exchanges.filter((e) => e.action === 'resetMidResponse' && e.idempotencyKey !== undefined).length;
        await run.waitUntil('status writes and creations reset mid-answer, and every breaker open',
          () => resetWrites() > 0 && resetCreates() > 0 && run.nodes.every((n) => n.breakerOpenings > 0));
        proxy.setRule(null);
        return { resets: proxy.count('resetMidResponse'), resetWrites: resetWrites(), resetCreates: resetCreates() };
      }),
    });
    recordRow(result, `${String(result.figures.resets)} answers cut mid-body (${String(result.figures.resetWrites)} status writes, ${String(result.figures.resetCreates)} creations applied unanswered)`);
    expectInvariants(result);
    for (const node of result.nodes) {
      expect(node.breakerOpenings, `${node.id} breaker opened`).toBeGreaterThan(0);
      expect(node.breaker.at(-1)?.type, `${node.id} breaker ends closed`).toBe('closed');
    }
  });
});
