import { Registry } from 'prom-client';
import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchTaskStatus } from '../../../src/api/models/index.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { holdingServer } from '../../helpers/holdingServer.js';

const DELAY_MS = 50;
const TASK = { id: 7, name: 'job', type: 1, status: BatchTaskStatus.Running, assignedNodeIds: '[]', createdAt: '2026-01-01T00:00:00Z' };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The node's `vcconn_hedged_requests_total` series, as `operation/outcome` -> value. */
async function hedgeSeries(registry: Registry, node: string): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric('vcconn_hedged_requests_total');
  if (metric === undefined) return {};
  const series: Record<string, number> = {};
  for (const { labels, value } of (await metric.get()).values) {
    if (labels.node === node) series[`${String(labels.operation)}/${String(labels.outcome)}`] = value;
  }
  return series;
}

/**
 * A ConnectionManager over two real servers that hold each request until the test answers it, with
 * ApiSettings.HedgeReads on: the set's reads are hedged as the settings say, and counted under the node's label
 * on the manager's registry. Hedge timer, breakers and health monitor run on a SimulatedClock.
 */
async function setUp(hedgeReads: boolean) {
  const [a, b] = await Promise.all([holdingServer(), holdingServer()]);
  const clock = new SimulatedClock();
  clock.set(Date.now());
  const registry = new Registry();
  const manager = new ConnectionManager({
    baseUrl: a.server.url,
    apiSettings: { baseUrls: [a.server.url, b.server.url], hedgeReads, hedgeDelayMs: DELAY_MS, enableAutoRecovery: false },
    connection: { maxRetryAttempts: 0 },
    clock,
    networkWatch: false,
    metrics: { registry },
    nodeId: 'hedging-node',
  });
  cleanups.push(async () => {
    await manager.dispose();
    await Promise.all([a.server.close(), b.server.close()]);
  });
  return { a, b, manager, clock, registry };
}

describe('ConnectionManager over a set with ApiSettings.HedgeReads', () => {
  it('hedges a read after HedgeDelayMs, the second server answers, and the hedge is counted under the node', async () => {
    const { a, b, manager, clock, registry } = await setUp(true);
    const read = manager.client.getTasks();
    const slow = await a.next();
    expect(b.held).toHaveLength(0);
    clock.increment(DELAY_MS);
    const hedge = await b.next();
    hedge.answer(200, [TASK]);
    expect((await read).map((task) => task.id)).toEqual([7]);
    expect(await slow.abandoned).toBe(true);
    expect(await hedgeSeries(registry, 'hedging-node')).toEqual({ 'getTasks/hedge_won': 1 });
    // Disposing the manager removes the node's hedge series with its other series.
    await manager.dispose();
    expect(await hedgeSeries(registry, 'hedging-node')).toEqual({});
  });

  it('sends no hedge when HedgeReads is off, however long the read waits', async () => {
    const { a, b, manager, clock, registry } = await setUp(false);
    const read = manager.client.getTasks();
    const slow = await a.next();
    clock.increment(DELAY_MS * 10);
    slow.answer(200, [TASK]);
    expect((await read).map((task) => task.id)).toEqual([7]);
    expect(b.held).toHaveLength(0);
    expect(await hedgeSeries(registry, 'hedging-node')).toEqual({});
  });
});
