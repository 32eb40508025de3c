import { describe, expect, it } from 'vitest';
import { childServer } from './support/childServer.js';
import { expectInvariants, recordRow } from './support/invariants.js';
import { runScenario } from './support/scenario.js';

describe('fault: the server is killed, so connections are refused, then started again', () => {
  it('keeps every task exactly once; every node loses its link and gets it back', async () => {
    const result = await runScenario({
      fault: 'connection refused',
      setUp: (db) => childServer(db, async (server, run) => {
        await server.kill();
        // Down until every node has seen it down (refused connections failed its health probe).
        await run.waitUntil('every node to leave healthy', () => run.nodes.every((n) => n.leftHealthy));
        const offline = run.nodes.filter((n) => n.links.includes('offline')).length;
        await server.restart();
        return { offline };
      }),
    });
    recordRow(result, `killed once; ${String(result.figures.offline)}/${result.nodes.length} nodes went offline before the restart; every link back`);
    expectInvariants(result);
    for (const node of result.nodes) {
      expect(node.links.some((l) => l === 'recovering' || l === 'offline'), `${node.id} saw the link lost`).toBe(true);
    }
  });
});
