import { describe, expect, it } from 'vitest';
import { childServer } from './support/childServer.js';
import { expectInvariants, recordRow } from './support/invariants.js';
import { runScenario } from './support/scenario.js';

describe('fault: the server is killed and restarted at once on the same data, twice', () => {
  it('keeps every task exactly once and every task created before the crash; every link ends healthy', async () => {
    const result = await runScenario({
      fault: 'server restart',
      setUp: (db) => childServer(db, async (server, run) => {
        for (const after of [8, 20]) {
          await run.waitUntil(`${after} tasks delivered`, () => run.terminal() >= after);
          await server.kill();
          await server.restart();
        }
        return { restarts: server.restarts };
      }),
    });
    recordRow(result, `killed and restarted ${String(result.figures.restarts)} x on the same SQLite file; all ${result.stored} tasks kept`);
    expectInvariants(result);
    expect(result.figures.restarts).toBe(2);
  });
});
