import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { observedClientFactory } from '../../../src/demo/clientFactory.js';
import { DemoNode } from '../../../src/demo/demoNode.js';
import type { DemoNodeEvents } from '../../../src/demo/demoNode.js';
import { startFaultProxy } from '../../../src/demo/faultProxy.js';
import { DEMO_NODE_SETTINGS, nodeSettingsFor } from '../../../src/demo/nodeSettings.js';
import { seedTasks } from '../../../src/demo/seedTasks.js';
import { planWorkload } from '../../../src/demo/workload.js';
import { startServer } from '../../../src/server/index.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server that answers 503 to the first `failures` requests, then `[]`. */
async function flaky(failures: number): Promise<string> {
  let seen = 0;
  const server = await startLoopbackServer((_request, response) => {
    seen += 1;
    if (seen <= failures) {
      response.writeHead(503);
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('[]');
  });
  cleanups.push(() => server.close());
  return server.url;
}

const settings = { ...DEMO_NODE_SETTINGS, connection: { ...DEMO_NODE_SETTINGS.connection, baseRetryDelayMs: 1, maxRetryDelayMs: 5 }, standard: { maxAttempts: 3, delayMs: 1 } };

describe('observedClientFactory', () => {
  it('counts each retry of an Enhanced call, and passes the inspection events on', async () => {
    const seen: InspectionEvent[] = [];
    const factory = observedClientFactory({ settings, inspect: (event) => seen.push(event) });
    const api = factory.create('enhanced', await flaky(2));
    cleanups.push(() => api.dispose());
    await api.getTasks();
    expect(factory.tally).toEqual({ retries: 2, breakerOpenings: 0 });
    expect(seen.some((event) => event.type === '@xstate.snapshot')).toBe(true);
  });

  it('counts each repeated attempt of a Standard call', async () => {
    const factory = observedClientFactory({ settings });
    const api = factory.create('standard', await flaky(2));
    cleanups.push(() => api.dispose());
    await api.getTasks();
    expect(factory.tally.retries).toBe(2);
    expect(factory.newestBreakerState()).toBeUndefined();
  });

  it('counts a breaker opening, shows the newest Enhanced client\'s breaker, and forgets a disposed client', async () => {
    const opened = vi.fn();
    const factory = observedClientFactory({ settings: { ...settings, connection: { ...settings.connection, maxRetryAttempts: 0 } }, onBreakerOpened: opened });
    const url = await flaky(1_000);
    const api = factory.create('enhanced', url);
    expect(factory.newestBreakerState()).toBe('closed');
    for (let i = 0; i < 4; i += 1) await expect(api.getTasks()).rejects.toThrow();
    expect(factory.tally.breakerOpenings).toBe(1);
    expect(opened).toHaveBeenCalledWith(2_000);
    expect(factory.newestBreakerState()).toBe('open');
    await api.dispose();
    expect(factory.newestBreakerState()).toBeUndefined();
  });
});

describe('DemoNode', () => {
  it('takes the seeded tasks through its manager, reports each delivery, and shows itself healthy', { timeout: 30_000 }, async () => {
    const server = await startServer({ db: ':memory:' });
    cleanups.push(() => server.close());
    const proxy = await startFaultProxy(server.url, () => 0.99);
    cleanups.push(() => proxy.close());
    const planned = planWorkload(1, 6, 1, 1_000);
    const ids = await seedTasks(server.url, planned);
    const inspected: InspectionEvent[] = [];
    const node = new DemoNode({ id: 'node-1', baseUrl: proxy.url, settings: DEMO_NODE_SETTINGS, inspect: (event) => inspected.push(event) });
    cleanups.push(() => node.shutdown(0));
    const delivered: DemoNodeEvents['delivered'][] = [];
    const allDone = new Promise<void>((resolve) => node.on('delivered', (event) => {
      delivered.push(event);
      if (delivered.length === ids.length) resolve();
    }));
    node.start();
    await allDone;
    expect(delivered.map((d) => d.taskId).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(delivered.every((d) => d.nodeId === 'node-1' && d.status === 'Completed')).toBe(true);
    expect(node.view()).toMatchObject({ id: 'node-1', clientType: 'enhanced', link: 'healthy', breaker: 'closed', tasksDone: 6, failovers: 0 });
    // The visualizer's hook sees the node's connection actor and its client's breaker.
    const machines = new Set(inspected.flatMap((e) => (e.type === '@xstate.actor' ? [(e.actorRef as { logic?: { id?: string } }).logic?.id] : [])));
    expect(machines).toContain('connection');
    expect(machines).toContain('circuitBreaker');
    const abandoned = vi.fn();
    node.on('abandoned', abandoned);
    await node.shutdown(5_000);
    expect(abandoned).not.toHaveBeenCalled();
    expect(node.service.state).toBe('disposed');
  });
});

describe('DemoNode.returnToEnhanced', () => {
  const onStandard = { ...DEMO_NODE_SETTINGS, apiSettings: { ...DEMO_NODE_SETTINGS.apiSettings, useEnhancedClient: false } };

  it('switches a node on the Standard client back to a tested Enhanced client, not counted as a failover', async () => {
    const server = await startServer({ db: ':memory:' });
    cleanups.push(() => server.close());
    const node = new DemoNode({ id: 'node-1', baseUrl: server.url, settings: onStandard });
    cleanups.push(() => node.shutdown(0));
    const events: DemoNodeEvents['switchedBack'][] = [];
    node.on('switchedBack', (event) => events.push(event));
    expect(node.view()).toMatchObject({ clientType: 'standard', breaker: 'none' });
    expect(await node.returnToEnhanced(3, 10, new AbortController().signal)).toBe(true);
    expect(node.view()).toMatchObject({ clientType: 'enhanced', breaker: 'closed', failovers: 0 });
    expect(events.map((e) => e.ok)).toEqual([true]);
    expect(await node.returnToEnhanced(3, 10, new AbortController().signal)).toBe(true);
    expect(events).toHaveLength(1);
  });

  it('stays on the Standard client when the Enhanced one fails its test, after the attempts it was given', async () => {
    const url = await flaky(1_000);
    const node = new DemoNode({ id: 'node-1', baseUrl: url, settings: onStandard });
    cleanups.push(() => node.shutdown(0));
    const events: DemoNodeEvents['switchedBack'][] = [];
    node.on('switchedBack', (event) => events.push(event));
    expect(await node.returnToEnhanced(2, 1, new AbortController().signal)).toBe(false);
    expect(events.map((e) => e.ok)).toEqual([false, false]);
    expect(node.view().clientType).toBe('standard');
  });
});

/** Follows a node's circuitBreaker actors through its inspection events: each breaker's states, in order. */
function breakerStates(): { inspect: (event: InspectionEvent) => void; byBreaker: Map<string, string[]> } {
  const byBreaker = new Map<string, string[]>();
  return {
    byBreaker,
    inspect: (event) => {
      if (event.type !== '@xstate.snapshot') return;
      const { sessionId, logic } = event.actorRef as { sessionId: string; logic?: { id?: string } };
      if (logic?.id !== 'circuitBreaker') return;
      const value = String((event.snapshot as { value?: unknown }).value);
      const states = byBreaker.get(sessionId) ?? [];
      if (states.at(-1) !== value) states.push(value);
      byBreaker.set(sessionId, states);
    },
  };
}

/** Resolves once `node` has emitted `name` with an event `matches` accepts. */
function next<K extends keyof DemoNodeEvents>(node: DemoNode, name: K, matches: (event: DemoNodeEvents[K]) => boolean = () => true): Promise<void> {
  return new Promise((resolve) => {
    const stop = node.on(name, (event) => {
      if (!matches(event)) return;
      stop();
      resolve();
    });
  });
}

describe('nodeSettingsFor: the steady node and the recovering ones through a 5xx burst', () => {
  it('the steady node keeps its client, its breaker going open, halfOpen and closed; a recovering node recovers once its health check fails in the burst', { timeout: 30_000 }, async () => {
    const server = await startServer({ db: ':memory:' });
    cleanups.push(() => server.close());
    // random() = 0: every request meets the burst, answered 503 without reaching the server.
    const proxy = await startFaultProxy(server.url, () => 0);
    cleanups.push(() => proxy.close());
    const steadyBreakers = breakerStates();
    const recoveringBreakers = breakerStates();
    const steady = new DemoNode({ id: 'node-2', baseUrl: proxy.url, settings: nodeSettingsFor(1, 2), inspect: steadyBreakers.inspect });
    const recovering = new DemoNode({ id: 'node-1', baseUrl: proxy.url, settings: nodeSettingsFor(0, 2), inspect: recoveringBreakers.inspect });
    cleanups.push(() => Promise.all([steady.shutdown(0), recovering.shutdown(0)]).then(() => undefined));
    const links = new Map<string, string[]>();
    const messages: string[] = [];
    for (const node of [steady, recovering]) {
      node.on('statusChanged', ({ nodeId, previous, current }) => {
        if (previous.link !== current.link) links.set(nodeId, [...(links.get(nodeId) ?? []), current.link]);
      });
      node.on('message', ({ nodeId, text }) => messages.push(`${nodeId}: ${text}`));
    }

    proxy.setFault({ kind: 'serverErrors', errorRate: 1, statuses: [503], lostAnswerRate: 0 });
    const bothOpened = Promise.all([next(steady, 'breakerOpened'), next(recovering, 'breakerOpened')]);
    const recoveryStarted = next(recovering, 'statusChanged', ({ current }) => current.link === 'recovering');
    steady.start();
    recovering.start();
    await bothOpened;
    // The burst answers api/health 503 too: lift it only once the recovering node's health check has failed.
    await recoveryStarted;
    proxy.setFault(null);
    await Promise.all([steady, recovering].map((node) => node.healthy
      ? Promise.resolve()
      : next(node, 'statusChanged', ({ current }) => current.link === 'healthy')));

    // The steady node rode the burst out on one client: degraded while its breaker was open, healthy once a
    // half-open trial closed it (its health checks failing in the burst changed nothing: auto-recovery is off).
    const steadyStates = [...steadyBreakers.byBreaker.values()];
    expect(steadyStates).toHaveLength(1);
    expect(steadyStates[0]?.slice(0, 2)).toEqual(['closed', 'open']);
    expect(steadyStates[0]?.slice(-2)).toEqual(['halfOpen', 'closed']);
    expect(links.get('node-2')).toEqual(['degraded', 'healthy']);
    expect(messages.filter((m) => m.startsWith('node-2:') && /recover/i.test(m))).toEqual([]);
    expect(steady.view()).toMatchObject({ clientType: 'enhanced', breaker: 'closed', failovers: 0, autoRecovery: false });

    // The recovering node's open breaker only degraded it; the health check that failed in the burst (its probe is
    // sent whatever the breaker's state) started the recovery.
    const [first] = [...recoveringBreakers.byBreaker.values()];
    expect(first?.slice(0, 2)).toEqual(['closed', 'open']);
    expect(links.get('node-1')).toContain('recovering');
    expect(links.get('node-1')?.at(-1)).toBe('healthy');
  });
});
