import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock, waitFor } from 'xstate';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { deliveryQueueOf } from '../../../src/outbox/DeliveryQueue.js';
import { OfflineClient } from '../../../src/outbox/OfflineClient.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import type { DeadLetteredEvent, DeliveredEvent } from '../../../src/outbox/types.js';
import { startServer } from '../../../src/server/index.js';
import type { RunningServer } from '../../../src/server/index.js';
import { startLostAnswerProxy } from '../tasks/support/lostAnswerProxy.js';
import { StatusAudit } from '../tasks/support/statusAudit.js';
import { TestLink } from './support/testLink.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  server: RunningServer;
  audit: StatusAudit;
  dir: string;
  outboxFile: string;
  seed: StandardApiClient;
}

async function setUp(idempotency: boolean): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-outbox-'));
  const db = join(dir, 'server.db');
  const server = await startServer({ db, idempotency });
  const audit = new StatusAudit(db);
  const seed = new StandardApiClient(server.url, { maxAttempts: 1 });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => server.close(), () => audit.close(), () => seed.dispose());
  return { server, audit, dir, outboxFile: join(dir, 'outbox.db'), seed };
}

/** An OfflineClient over `url` through a one-attempt client, its waits on a SimulatedClock, its events recorded. */
async function offlineOver(url: string, file: string, keyHonoured: boolean, up = true) {
  const client = new StandardApiClient(url, { maxAttempts: 1, idempotencyKeySupport: keyHonoured ? 'always' : 'never' });
  const link = new TestLink(client, up);
  const clock = new SimulatedClock();
  const outbox = await openOutbox(file);
  const offline = new OfflineClient({ connection: link, outbox, clock, retryDelayMs: 1_000, idempotencyKeyHonoured: () => keyHonoured });
  const delivered: DeliveredEvent[] = [];
  const deadLettered: DeadLetteredEvent[] = [];
  offline.on('delivered', (event) => delivered.push(event));
  offline.on('deadLettered', (event) => deadLettered.push(event));
  cleanups.push(() => client.dispose(), () => offline.close());
  return { client, link, clock, outbox, offline, delivered, deadLettered };
}

describe('OfflineClient against the reference server', () => {
  it('delivers one entity\'s writes in the order made once the link comes back', async () => {
    const { seed, audit, server, outboxFile } = await setUp(false);
    const task = await seed.createTask({ name: 'ordered', type: 'HelloWorld' });
    const { offline, link } = await offlineOver(server.url, outboxFile, false, false);
    await offline.enqueue({ operation: 'updateTaskStatus', args: [task.id, 'Running'] });
    await offline.enqueue({ operation: 'updateTaskStatus', args: [task.id, 'Completed', { resultMessage: 'rendered' }] });
    expect(offline.actor.getSnapshot().value).toBe('paused');
    expect(audit.writes()).toEqual([]);
    link.setUp(true);
    await offline.drained();
    expect(audit.writes().map((write) => [write.taskId, write.toStatus, write.resultMessage])).toEqual([
      [task.id, 1, null], [task.id, 2, 'rendered'],
    ]);
    expect(offline.list()).toEqual([]);
  });

  it('writes directly while the link is up, queues while it is down', async () => {
    const { server, outboxFile, seed } = await setUp(false);
    const { offline, link } = await offlineOver(server.url, outboxFile, false);
    const direct = await offline.write({ operation: 'createTask', args: [{ name: 'direct', type: 'HelloWorld' }] });
    expect(direct).toMatchObject({ status: 'delivered', result: { name: 'direct' } });
    link.setUp(false);
    const queued = await offline.write({ operation: 'createTask', args: [{ name: 'later', type: 'HelloWorld' }] });
    expect(queued).toMatchObject({ status: 'queued', entry: { operation: 'createTask', state: 'queued' } });
    link.setUp(true);
    await offline.drained();
    expect((await seed.getTasks()).map((task) => task.name).sort()).toEqual(['direct', 'later']);
  });

  it('dead-letters a write the server will never accept, with its answer', async () => {
    const { server, outboxFile } = await setUp(false);
    const { offline, deadLettered } = await offlineOver(server.url, outboxFile, false);
    await offline.enqueue({ operation: 'updateTaskStatus', args: [424242, 'Completed'] });
    await offline.drained();
    expect(deadLettered).toHaveLength(1);
    expect(deadLettered[0]?.deadLetter).toMatchObject({ reason: 'rejected', status: 404 });
    expect(offline.deadLetters()[0]?.answer).toMatch(/not found|424242/i);
  });

  it('a lost createTask answer, server without Idempotency-Key: reads back and finds it, one task', async () => {
    const { server, outboxFile, seed } = await setUp(false);
    const proxy = await startLostAnswerProxy(server.url, (method, path) => method === 'POST' && path === '/api/tasks');
    cleanups.push(() => proxy.close());
    const { offline, clock, delivered } = await offlineOver(proxy.url, outboxFile, false);
    await offline.enqueue({ operation: 'createTask', args: [{ name: 'once-only', type: 'HelloWorld' }] });
    await waitFor(offline.actor, (snapshot) => snapshot.matches('paused'));
    expect(offline.list()[0]).toMatchObject({ state: 'inFlight', attempts: 1 });
    clock.increment(1_000);
    await offline.drained();
    expect(delivered.map((event) => event.kind)).toEqual(['alreadyApplied']);
    expect((await seed.getTasks()).filter((task) => task.name === 'once-only')).toHaveLength(1);
    expect(proxy.exchanges.filter((exchange) => exchange.method === 'POST')).toHaveLength(1);
  });

  it('a lost updateTaskStatus answer, server without the key: read back by status and resultMessage, one write', async () => {
    const { server, outboxFile, seed, audit } = await setUp(false);
    const task = await seed.createTask({ name: 'lost-put', type: 'HelloWorld' });
    await seed.updateTaskStatus(task.id, 'Running');
    const proxy = await startLostAnswerProxy(server.url, (method, path) => method === 'PUT' && path.endsWith('/status'));
    cleanups.push(() => proxy.close());
    const { offline, clock, delivered } = await offlineOver(proxy.url, outboxFile, false);
    await offline.enqueue({ operation: 'updateTaskStatus', args: [task.id, 'Completed', { resultMessage: 'ok' }] });
    await waitFor(offline.actor, (snapshot) => snapshot.matches('paused'));
    clock.increment(1_000);
    await offline.drained();
    expect(delivered.map((event) => event.kind)).toEqual(['alreadyApplied']);
    expect(audit.writes().filter((write) => write.toStatus === 2)).toHaveLength(1);
  });

  it('a lost createTask answer, server honouring the key: replayed with the same key, one task', async () => {
    const { server, outboxFile, seed } = await setUp(true);
    const proxy = await startLostAnswerProxy(server.url, (method, path) => method === 'POST' && path === '/api/tasks');
    cleanups.push(() => proxy.close());
    const { offline, clock, delivered } = await offlineOver(proxy.url, outboxFile, true);
    const entry = await offline.enqueue({ operation: 'createTask', args: [{ name: 'keyed', type: 'HelloWorld' }] });
    await waitFor(offline.actor, (snapshot) => snapshot.matches('paused'));
    clock.increment(1_000);
    await offline.drained();
    expect(delivered.map((event) => event.kind)).toEqual(['replayed']);
    const posts = proxy.exchanges.filter((exchange) => exchange.method === 'POST');
    expect(posts).toHaveLength(2);
    expect((await seed.getTasks()).filter((task) => task.name === 'keyed')).toHaveLength(1);
    expect(entry.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('after a restart, an entry left in flight whose write landed is reconciled, not sent twice (no key support)', async () => {
    const { server, outboxFile, seed } = await setUp(false);
    // The crashed process: marked in flight, sent, killed before it recorded the answer.
    const before = await openOutbox(outboxFile);
    const entry = await before.enqueue({ operation: 'createTask', args: [{ name: 'crashed', type: 'HelloWorld' }] });
    deliveryQueueOf(before)?.markInFlight(entry.id);
    await seed.createTask({ name: 'crashed', type: 'HelloWorld' });
    before.close();
    const { offline, delivered } = await offlineOver(server.url, outboxFile, false);
    await offline.drained();
    expect(delivered.map((event) => [event.entry.id, event.kind])).toEqual([[entry.id, 'alreadyApplied']]);
    expect((await seed.getTasks()).filter((task) => task.name === 'crashed')).toHaveLength(1);
  });

  it('after a restart, an entry left in flight whose request never landed is sent (no key support)', async () => {
    const { server, outboxFile, seed } = await setUp(false);
    const before = await openOutbox(outboxFile);
    const entry = await before.enqueue({ operation: 'createTask', args: [{ name: 'never-landed', type: 'HelloWorld' }] });
    deliveryQueueOf(before)?.markInFlight(entry.id);
    before.close();
    const { offline, delivered } = await offlineOver(server.url, outboxFile, false);
    await offline.drained();
    expect(delivered.map((event) => event.kind)).toEqual(['sent']);
    expect((await seed.getTasks()).filter((task) => task.name === 'never-landed')).toHaveLength(1);
  });
});
