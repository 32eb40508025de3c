import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchTaskStatus } from '../../../src/api/models/index.js';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { MultiEndpointClient } from '../../../src/endpoints/MultiEndpointClient.js';
import { ClientDisposedError } from '../../../src/errors/ClientDisposedError.js';
import type { MultiEndpointClientOptions } from '../../../src/endpoints/MultiEndpointClient.js';
import type { HedgeEvent, HedgeOptions } from '../../../src/endpoints/ReadHedging.js';
import { holdingServer } from '../../helpers/holdingServer.js';
import type { HoldingServer } from '../../helpers/holdingServer.js';

const DELAY_MS = 50;
const TASK = { id: 7, name: 'job', type: 1, status: BatchTaskStatus.Running, assignedNodeIds: '[]', createdAt: '2026-01-01T00:00:00Z' };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Two real servers on loopback that hold each request until the test answers it, and a MultiEndpointClient over
 * them (ordered: `a` first) with real EnhancedApiClients; the hedge timer and the breakers run on a SimulatedClock.
 */
async function setUp(hedge: HedgeOptions | undefined) {
  const [a, b] = await Promise.all([holdingServer(), holdingServer()]);
  const clock = new SimulatedClock();
  clock.set(Date.now());
  const events: HedgeEvent[] = [];
  const clients = new Map<string, EnhancedApiClient>();
  const options: MultiEndpointClientOptions = {
    clock,
    now: () => clock.now(),
    // One counted failure would open a breaker: so a closed breaker after a lost race shows the abort was not counted.
    connection: { maxRetryAttempts: 0, circuitBreakerFailureThreshold: 1, circuitBreakerMinimumThroughput: 1 },
    hedge: hedge === undefined ? undefined : { ...hedge, onHedge: (event) => events.push(event) },
  };
  const api = new MultiEndpointClient({
    endpoints: [a.server.url, b.server.url].map((url) => ({ url, priority: 0, weight: 1 })), selection: 'ordered', failbackHoldDownMs: 0, discovery: null,
  }, {
    ...options,
    clientFactory: (url) => {
      const client = new EnhancedApiClient(url, options);
      clients.set(url, client);
      return client;
    },
  });
  cleanups.push(async () => {
    await api.dispose();
    await Promise.all([a.server.close(), b.server.close()]);
  });
  return { a, b, api, clock, events, clientOf: (server: HoldingServer) => clients.get(server.server.url) };
}

describe('hedged reads over real sockets', () => {
  it("sends a read unanswered after the delay to the second server; its answer wins and the first server sees the request aborted", async () => {
    const { a, b, api, clock, events } = await setUp({ enabled: true, delayMs: DELAY_MS });
    const read = api.getTasks();
    const slow = await a.next();
    expect(b.held).toHaveLength(0);
    clock.increment(DELAY_MS);
    const hedge = await b.next();
    expect(hedge.path).toBe('/api/tasks');
    hedge.answer(200, [TASK]);
    expect((await read).map((task) => task.id)).toEqual([7]);
    expect(await slow.abandoned).toBe(true);
    expect(await hedge.abandoned).toBe(false);
    expect(events.map((event) => event.outcome)).toEqual(['hedge_won']);
    // The aborted loser counts as no failure (one would open it here): its breaker stays closed.
    expect((api.clientOf(a.server.url) as EnhancedApiClient).circuitState).toBe('closed');
  });

  it('answers with the second server when the first fails after the hedge went out', async () => {
    const { a, b, api, clock, events } = await setUp({ enabled: true, delayMs: DELAY_MS });
    const read = api.getTaskById(7);
    const first = await a.next();
    clock.increment(DELAY_MS);
    const hedge = await b.next();
    first.answer(503, { message: 'busy' });
    // The failed first leg waits for the hedge, which is still held.
    await first.abandoned;
    hedge.answer(200, TASK);
    expect((await read)?.id).toBe(7);
    expect(events.map((event) => event.outcome)).toEqual(['hedge_won']);
  });

  it('ends both legs on dispose: the read rejects with ClientDisposedError and both servers see their request closed', async () => {
    const { a, b, api, clock, events } = await setUp({ enabled: true, delayMs: DELAY_MS });
    const read = api.getTasks().then(() => 'answered', (error: unknown) => error);
    const first = await a.next();
    clock.increment(DELAY_MS);
    const hedge = await b.next();
    await api.dispose();
    expect(await read).toBeInstanceOf(ClientDisposedError);
    expect([await first.abandoned, await hedge.abandoned]).toEqual([true, true]);
    expect(events.map((event) => event.outcome)).toEqual(['both_failed']);
    // One hedge at most, and nothing after dispose: moving the clock on sends nothing more.
    clock.increment(DELAY_MS * 10);
    expect(a.server.requestCount + b.server.requestCount).toBe(2);
  });

  it('never hedges a write: a held status update stays on its one server', async () => {
    const { a, b, api, clock, events } = await setUp({ enabled: true, delayMs: DELAY_MS });
    const write = api.updateTaskStatus(7, BatchTaskStatus.Completed);
    const put = await a.next();
    expect(put.method).toBe('PUT');
    clock.increment(DELAY_MS * 10);
    put.answer(200, { ...TASK, status: BatchTaskStatus.Completed });
    expect((await write)?.status).toBe(BatchTaskStatus.Completed);
    expect(b.server.requestCount).toBe(0);
    expect(events).toEqual([]);
  });

  it('sends no hedge when hedging is off (the default)', async () => {
    const { a, b, api, clock } = await setUp(undefined);
    const read = api.getTasks();
    const slow = await a.next();
    clock.increment(60_000);
    slow.answer(200, []);
    expect(await read).toEqual([]);
    expect(b.server.requestCount).toBe(0);
  });

  it('sends no hedge when the second server is not available (its breaker isolated)', async () => {
    const { a, b, api, clock, events, clientOf } = await setUp({ enabled: true, delayMs: DELAY_MS });
    clientOf(b)?.isolate('maintenance');
    const read = api.getTasks();
    const slow = await a.next();
    clock.increment(DELAY_MS);
    slow.answer(200, []);
    expect(await read).toEqual([]);
    expect(b.server.requestCount).toBe(0);
    expect(events.map((event) => event.outcome)).toEqual(['no_endpoint']);
  });
});
