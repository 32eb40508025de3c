import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLocal } from 'mockttp';
import type { Mockttp } from 'mockttp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock, waitFor } from 'xstate';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { OfflineClient } from '../../../src/outbox/OfflineClient.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import type { DeliveredEvent } from '../../../src/outbox/types.js';
import { TestLink } from './support/testLink.js';

const task = { id: 1, name: 'render', type: 1, status: 2, createdAt: '2026-01-01T00:00:00Z', resultMessage: 'done' };

let mock: Mockttp;
let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  mock = getLocal();
  await mock.start();
  dir = mkdtempSync(join(tmpdir(), 'vcconn-outbox-faults-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await mock.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Moves the SimulatedClock past each wait of the paused machine until nothing is pending; returns the waits. */
async function driveUntilDrained(offline: OfflineClient, clock: SimulatedClock): Promise<number[]> {
  const waits: number[] = [];
  for (let round = 0; round < 20; round += 1) {
    const snapshot = await waitFor(offline.actor, (s) => s.matches('paused') || s.matches('idle'));
    if (snapshot.matches('idle') && offline.list().length === 0) return waits;
    waits.push(snapshot.context.delayMs);
    clock.increment(snapshot.context.delayMs);
  }
  throw new Error(`not drained: ${JSON.stringify(offline.list())}`);
}

describe('OfflineClient through server faults (mockttp)', () => {
  it('keeps entries through 5xx, a reset and a closed connection, waits longer each time, and delivers each once', async () => {
    const puts = [
      await mock.forPut('/api/tasks/1/status').once().thenReply(503, 'busy'),
      await mock.forPut('/api/tasks/1/status').once().thenReply(502, 'bad gateway'),
      await mock.forPut('/api/tasks/1/status').thenJson(200, task),
    ];
    // A 5xx leaves the outcome unknown: the task is read back (not yet updated) before each resend.
    const reads = await mock.forGet('/api/tasks/1').thenJson(200, { ...task, status: 1, resultMessage: null });
    const debug = [await mock.forPost('/api/debug').once().thenResetConnection(), await mock.forPost('/api/debug').thenReply(200)];
    const beats = [
      await mock.forPost('/api/nodes/n1/heartbeat').once().thenCloseConnection(),
      await mock.forPost('/api/nodes/n1/heartbeat').thenReply(200),
    ];

    const client = new StandardApiClient(mock.url, { maxAttempts: 1, idempotencyKeySupport: 'never' });
    const clock = new SimulatedClock();
    const outbox = await openOutbox(join(dir, 'outbox.db'));
    const offline = new OfflineClient({ connection: new TestLink(client), outbox, clock, retryDelayMs: 1_000, maxRetryDelayMs: 8_000 });
    cleanups.push(() => client.dispose(), () => offline.close());
    const delivered: DeliveredEvent[] = [];
    offline.on('delivered', (event) => delivered.push(event));

    await offline.enqueue({ operation: 'updateTaskStatus', args: [1, 'Completed', { resultMessage: 'done' }] });
    await offline.enqueue({ operation: 'sendDebugMessage', args: ['worker', 'finished', 'n1'] });
    await offline.enqueue({ operation: 'sendHeartbeat', args: ['n1'] });
    const waits = await driveUntilDrained(offline, clock);

    expect(waits).toEqual([1_000, 2_000]);
    expect(delivered.map((event) => [event.entry.operation, event.kind]).sort()).toEqual([
      ['sendDebugMessage', 'resent'], ['sendHeartbeat', 'resent'], ['updateTaskStatus', 'sent'],
    ]);
    const seen = async (endpoints: { getSeenRequests(): Promise<{ headers: Record<string, unknown> }[]> }[]) =>
      (await Promise.all(endpoints.map((endpoint) => endpoint.getSeenRequests()))).flat();
    expect(await seen(puts)).toHaveLength(3);
    expect(await seen([reads])).toHaveLength(2);
    expect(await seen(debug)).toHaveLength(2);
    expect(await seen(beats)).toHaveLength(2);
    // Every attempt of an entry carried that entry's own key.
    const keysOf = async (endpoints: Parameters<typeof seen>[0]) => new Set((await seen(endpoints)).map((request) => request.headers['idempotency-key']));
    expect((await keysOf(puts)).size).toBe(1);
    expect((await keysOf(debug)).size).toBe(1);
    expect(offline.deadLetters()).toEqual([]);
  });

  it('pauses while the breaker is open and resumes when it closes', async () => {
    const endpoint = await mock.forPost('/api/nodes/n2/heartbeat').thenReply(200);
    const client = new StandardApiClient(mock.url, { maxAttempts: 1 });
    const link = new TestLink(client);
    const outbox = await openOutbox(join(dir, 'outbox.db'));
    const offline = new OfflineClient({ connection: link, outbox, clock: new SimulatedClock() });
    cleanups.push(() => client.dispose(), () => offline.close());
    link.setBreakerOpen(true);
    await offline.enqueue({ operation: 'sendHeartbeat', args: ['n2'] });
    expect(offline.actor.getSnapshot().value).toBe('paused');
    expect(await endpoint.getSeenRequests()).toHaveLength(0);
    link.setBreakerOpen(false);
    await offline.drained();
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
  });
});
