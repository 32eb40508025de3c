import { describe, expect, it } from 'vitest';
import { proxiedServer } from './support/inProcessServer.js';
import { expectInvariants, recordRow } from './support/invariants.js';
import { onApi } from './support/rules.js';
import { runScenario } from './support/scenario.js';

describe('fault: a burst of 503s from every API endpoint while health still answers', () => {
  it('keeps every task exactly once; each breaker opens, re-opens on its half-open trial, closes after; links degrade, never recover by force', async () => {
    const result = await runScenario({
      fault: '5xx burst',
      setUp: (db) => proxiedServer(db, async (proxy, run) => {
        proxy.setRule(onApi({ kind: 'reply', status: 503 }));
        // Long enough that each breaker's half-open trial meets the burst too and opens it again.
        await run.waitUntil('every breaker to open twice', () => run.nodes.every((n) => n.breakerOpenings >= 2));
        proxy.setRule(null);
        return { injected503: proxy.count('reply') };
      }),
    });
    recordRow(result, `${String(result.figures.injected503)} x 503; every breaker open>halfOpen>open>...>closed; links degraded only, no client replaced`);
    expectInvariants(result);
    for (const node of result.nodes) {
      const opened = node.breaker.filter((b) => b.type === 'opened');
      expect(opened.length, `${node.id} breaker openings`).toBeGreaterThanOrEqual(2);
      expect(opened.every((b) => b.failureStatus === 503), `${node.id} opened on 503s`).toBe(true);
      expect(node.breaker.at(-1)?.type, `${node.id} breaker ends closed`).toBe('closed');
      // Health kept answering, so the open breaker only degraded the link: no recovery replaced the client.
      expect(node.links, `${node.id} links`).toContain('degraded');
      expect(node.links.filter((l) => l === 'recovering' || l === 'offline'), `${node.id} never recovering`).toEqual([]);
      expect(node.clientsCreated, `${node.id} clients`).toEqual({ enhanced: 1, standard: 0 });
    }
  });
});
