import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { HttpStatusError } from '../../../src/errors/HttpStatusError.js';
import { isInvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import { isOutboxClosedError } from '../../../src/errors/OutboxClosedError.js';
import { OfflineClient } from '../../../src/outbox/OfflineClient.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import type { DeadLetteredEvent, OfflineStatusEvent, Outbox, QueuedEvent } from '../../../src/outbox/types.js';
import { ScriptedClient } from './support/scriptedClient.js';

let dir: string;
let now: number;
let outbox: Outbox;
let scripted: ScriptedClient;
let up: boolean;
let linkListeners: ((up: boolean) => void)[];
let statusListeners: ((event: OfflineStatusEvent) => void)[];

function connection() {
  return {
    client: scripted.client,
    isUp: () => up,
    onChange: (listener: (value: boolean) => void) => {
      linkListeners.push(listener);
      return () => undefined;
    },
    on: (_name: 'statusChanged', listener: (event: OfflineStatusEvent) => void) => {
      statusListeners.push(listener);
      return () => undefined;
    },
  };
}

function setUp(value: boolean): void {
  up = value;
  for (const listener of linkListeners) listener(value);
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'offline-client-'));
  now = Date.parse('2026-03-01T00:00:00Z');
  outbox = await openOutbox(path.join(dir, 'o.db'), { limits: { maxAgeHours: 1 }, now: () => now });
  scripted = new ScriptedClient();
  up = true;
  linkListeners = [];
  statusListeners = [];
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('OfflineClient', () => {
  it('queues a write while the link is down, the breaker open, or the entity has writes waiting, and says why', async () => {
    const offline = new OfflineClient({ connection: connection(), outbox, clock: new SimulatedClock() });
    const queued: QueuedEvent[] = [];
    offline.on('queued', (event) => queued.push(event));
    scripted.answer = () => ({ value: true });
    setUp(false);
    await offline.write({ operation: 'sendHeartbeat', args: ['a'] });
    setUp(true);
    for (const listener of statusListeners) listener({ current: { circuitBreakerOpen: true } });
    await offline.write({ operation: 'sendHeartbeat', args: ['b'] });
    for (const listener of statusListeners) listener({ current: { circuitBreakerOpen: false } });
    await offline.write({ operation: 'sendHeartbeat', args: ['b'] });
    expect(queued.map((event) => event.reason)).toEqual(['link down', 'breaker open', 'earlier writes of the same entity are queued']);
    // The breaker closing drains: the first waiting heartbeat of `b` was coalesced into the second.
    await offline.drained();
    expect(scripted.calls.map((call) => call.args[0])).toEqual(['a', 'b']);
    await offline.close();
  });

  it('sends a write at once when it can; a 4xx answer comes back as a dead letter', async () => {
    scripted.answer = (method) => (method === 'sendHeartbeat'
      ? { value: true }
      : { error: new HttpStatusError('updateTaskStatus', 400, 'Invalid status transition') });
    const offline = new OfflineClient({ connection: connection(), outbox, clock: new SimulatedClock() });
    await expect(offline.write({ operation: 'sendHeartbeat', args: ['a'] })).resolves.toEqual({ status: 'delivered', result: true });
    const refused = await offline.write({ operation: 'updateTaskStatus', args: [1, 'Completed'] });
    expect(refused).toMatchObject({ status: 'deadLettered', deadLetter: { reason: 'rejected', status: 400, answer: 'Invalid status transition' } });
    expect(offline.list()).toEqual([]);
    await offline.close();
  });

  it('expires entries older than MaxAgeHours when a drain starts, and tells the host', async () => {
    up = false;
    const offline = new OfflineClient({ connection: connection(), outbox, clock: new SimulatedClock() });
    const dead: DeadLetteredEvent[] = [];
    offline.on('deadLettered', (event) => dead.push(event));
    await offline.enqueue({ operation: 'sendHeartbeat', args: ['old'] });
    now += 2 * 3_600_000;
    scripted.answer = () => ({ value: true });
    const drained = offline.drained();
    setUp(true);
    await drained;
    expect(dead.map((event) => [event.deadLetter.reason, event.deadLetter.entry.entity])).toEqual([['expired', 'heartbeat:old']]);
    expect(scripted.calls).toEqual([]);
    // Queued again by hand, it is delivered with its first key.
    const again = offline.retry(dead[0]?.deadLetter.id ?? -1);
    await offline.drained();
    expect(scripted.calls.map((call) => call.args)).toEqual([['old', { idempotencyKey: again?.idempotencyKey }]]);
    expect(again?.idempotencyKey).toBe(dead[0]?.deadLetter.entry.idempotencyKey);
    await offline.close();
  });

  it('resumes a restarted outbox: entries already in the file are delivered without a new enqueue', async () => {
    await outbox.enqueue({ operation: 'sendHeartbeat', args: ['left-over'] });
    scripted.answer = () => ({ value: true });
    const offline = new OfflineClient({ connection: connection(), outbox, clock: new SimulatedClock() });
    await offline.drained();
    expect(scripted.calls.map((call) => call.args[0])).toEqual(['left-over']);
    await offline.close();
  });

  it('close stops the machine, closes the outbox and rejects what waited for a drain', async () => {
    up = false;
    const offline = new OfflineClient({ connection: connection(), outbox, clock: new SimulatedClock() });
    await offline.enqueue({ operation: 'sendHeartbeat', args: ['a'] });
    const waiting = offline.drained();
    await offline.close();
    await expect(waiting).rejects.toSatisfy(isOutboxClosedError);
    expect(offline.actor.getSnapshot()).toMatchObject({ value: 'closed', status: 'done' });
    expect(() => outbox.list()).toThrow(/closed/);
    await expect(offline.enqueue({ operation: 'sendHeartbeat', args: ['b'] })).rejects.toSatisfy(isOutboxClosedError);
    await expect(offline.close()).resolves.toBeUndefined();
  });

  it('refuses an outbox it cannot deliver and a bad number, naming them', () => {
    const fake = { ...outbox };
    expect(() => new OfflineClient({ connection: connection(), outbox: fake })).toThrow(/outbox/);
    let error: unknown;
    try {
      new OfflineClient({ connection: connection(), outbox, maxConcurrentEntities: 0 });
    } catch (caught) {
      error = caught;
    }
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(String(error)).toContain('maxConcurrentEntities');
    outbox.close();
  });
});
