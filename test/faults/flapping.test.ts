import { describe, expect, it } from 'vitest';
import { childServer } from './support/childServer.js';
import { expectInvariants, recordRow } from './support/invariants.js';
import { runScenario } from './support/scenario.js';

const CYCLES = 3;

describe('fault: the server flaps, down and up again, three times', () => {
  it('keeps every task exactly once; the links follow each cycle and end healthy', async () => {
    const result = await runScenario({
      fault: 'flapping',
      setUp: (db) => childServer(db, async (server, run) => {
        for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
          const lossesBefore = run.nodes.map((n) => n.links.filter((l) => l !== 'healthy').length);
          await server.kill();
          await run.waitUntil(`cycle ${cycle}: every node to see the link lost`,
            () => run.nodes.every((n, i) => n.links.filter((l) => l !== 'healthy').length > (lossesBefore[i] ?? 0)));
          await server.restart();
          await run.waitUntil(`cycle ${cycle}: every node healthy again`, () => run.nodes.every((n) => n.link === 'healthy'));
        }
        return { cycles: server.restarts };
      }),
    });
    const losses = Math.min(...result.nodes.map((n) => n.links.filter((l, i) => l !== 'healthy' && n.links[i - 1] === 'healthy').length));
    recordRow(result, `${String(result.figures.cycles)} down/up cycles; each node lost and regained its link >= ${losses} x`);
    expectInvariants(result);
    expect(result.figures.cycles).toBe(CYCLES);
    expect(losses, 'each node lost its link once per cycle at least').toBeGreaterThanOrEqual(CYCLES);
  });
});
