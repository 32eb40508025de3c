import { describe, expect, it } from 'vitest';
import type { ProxyExchange } from './support/faultProxy.js';
import { proxiedServer } from './support/inProcessServer.js';
import { expectInvariants, recordRow } from './support/invariants.js';
import { isHealth } from './support/rules.js';
import { runScenario } from './support/scenario.js';
import { seededRandom } from '../../machines/random.js';

const RETRY_AFTER_S = 1;
// Timers may fire a millisecond or two early against Date.now(); a retry sooner than this ignored Retry-After.
const EARLY_MS = 20;

/** For each request that repeats one rate-limited earlier (same Idempotency-Key): the wait, ms, since the 429. */
function waitsAfter429(exchanges: readonly ProxyExchange[]): number[] {
  const last429 = new Map<string, number>();
  const waits: number[] = [];
  for (const exchange of exchanges.toSorted((a, b) => a.at - b.at)) {
    const key = exchange.idempotencyKey;
    if (key === undefined) continue;
    const limitedAt = last429.get(key);
    if (limitedAt !== undefined) waits.push(exchange.at - limitedAt);
    if (exchange.status === 429) last429.set(key, exchange.at);
    else last429.delete(key);
  }
  return waits;
}

describe('fault: half the API requests answered 429 with Retry-After: 1', () => {
  it('keeps every task exactly once; every retry and every breaker break honours Retry-After; no recovery storm', async () => {
    let waits: number[] = [];
    const result = await runScenario({
      fault: '429 Retry-After',
      setUp: (db) => proxiedServer(db, async (proxy, run) => {
        const random = seededRandom(429);
        proxy.setRule((request) => (isHealth(request) || random() >= 0.5
          ? { kind: 'pass' }
          : { kind: 'reply', status: 429, headers: { 'retry-after': String(RETRY_AFTER_S) } }));
        await run.waitUntil('creations retried after a 429, and 60 requests limited',
          () => waitsAfter429(proxy.exchanges).length >= 5 && proxy.count('reply') >= 60);
        proxy.setRule(null);
        waits = waitsAfter429(proxy.exchanges);
        return { limited: proxy.count('reply'), retriedCreations: waits.length, shortestWaitMs: Math.min(...waits) };
      }),
    });
    const openings = result.nodes.flatMap((n) => n.breaker.filter((b) => b.type === 'opened'));
    recordRow(result, `${String(result.figures.limited)} x 429; ${waits.length} creations retried, shortest wait ${String(result.figures.shortestWaitMs)} ms; `
      + `breaker breaks on 429 >= ${Math.min(...openings.filter((o) => o.failureStatus === 429).map((o) => o.breakMs ?? 0))} ms`);
    expectInvariants(result);
    expect(waits.length).toBeGreaterThanOrEqual(5);
    expect(waits.filter((w) => w < RETRY_AFTER_S * 1000 - EARLY_MS), 'retries sooner than Retry-After').toEqual([]);
    for (const opened of openings.filter((o) => o.failureStatus === 429)) {
      expect(opened.breakMs, 'a break started by a 429 lasts at least its Retry-After').toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
    }
    // No storm: a rate-limited server is not a lost link. Health kept answering, so no node went recovering or
    // offline and none replaced its client; each breaker that opened closed again.
    for (const node of result.nodes) {
      expect(node.links.filter((l) => l === 'recovering' || l === 'offline'), `${node.id} never recovering`).toEqual([]);
      expect(node.clientsCreated, `${node.id} clients`).toEqual({ enhanced: 1, standard: 0 });
      if (node.breakerOpenings > 0) expect(node.breaker.at(-1)?.type, `${node.id} breaker ends closed`).toBe('closed');
    }
  });
});
