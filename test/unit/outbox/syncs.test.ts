import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryEngine } from '../../../src/outbox/DeliveryEngine.js';
import type { DeliveryQueue } from '../../../src/outbox/DeliveryQueue.js';
import { deliveryQueueOf } from '../../../src/outbox/DeliveryQueue.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import type { Outbox, OutboxEntry, OutboxEntryState } from '../../../src/outbox/types.js';
import { ScriptedClient } from './support/scriptedClient.js';

/** The DeliveryQueue methods that commit a transaction (one fsync each, `synchronous=FULL`). */
const WRITES = new Set<string | symbol>(['markInFlight', 'complete', 'advance', 'release', 'deadLetter']);

let dir: string;
let outbox: Outbox;
let commits: string[];
let counted: DeliveryQueue;
let scripted: ScriptedClient;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-syncs-'));
  outbox = await openOutbox(path.join(dir, 'o.db'));
  const queue = deliveryQueueOf(outbox);
  if (queue === undefined) throw new Error('no queue');
  commits = [];
  counted = new Proxy(queue, {
    get: (target, property) => {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        if (WRITES.has(property)) commits.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  scripted = new ScriptedClient();
});

afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function engine(delivered: OutboxEntry[], maxConcurrentEntities: number): DeliveryEngine {
  return new DeliveryEngine({
    queue: counted, client: scripted.client, keyHonoured: () => false, maxConcurrentEntities,
    onDelivered: (entry) => delivered.push(entry), onDeadLettered: () => undefined,
  });
}

/** The file's entries as a request leaves: id -> state (a delivered entry is no longer there). */
function fileStates(): Map<number, OutboxEntryState> {
  return new Map(outbox.list().map((entry) => [entry.id, entry.state]));
}

describe('DeliveryEngine: one commit per delivered entry, the guarantee kept', () => {
  it('one entity: deletes each delivered entry in the transaction that marks the next (N + 1 commits, not 2N)', async () => {
    const entries: OutboxEntry[] = [];
    for (let i = 0; i < 10; i += 1) entries.push(await outbox.enqueue({ operation: 'sendDebugMessage', args: ['src', `message ${i}`], entity: 'same' }));
    const seen: Map<number, OutboxEntryState>[] = [];
    scripted.answer = () => {
      seen.push(fileStates());
      return { value: true };
    };
    const delivered: OutboxEntry[] = [];
    await expect(engine(delivered, 4).drain(new AbortController().signal)).resolves.toEqual({ outcome: 'drained' });
    expect(delivered.map((entry) => entry.id)).toEqual(entries.map((entry) => entry.id));
    expect(commits).toEqual(Array.from({ length: 11 }, () => 'advance'));
    // As each request left: its entry was in flight in the file, and every earlier one was gone (deleted first).
    for (const [index, states] of seen.entries()) {
      expect(states.get(entries[index]?.id ?? -1)).toBe('inFlight');
      for (const earlier of entries.slice(0, index)) expect(states.has(earlier.id)).toBe(false);
      for (const later of entries.slice(index + 1)) expect(states.get(later.id)).toBe('queued');
    }
    expect(outbox.list()).toEqual([]);
  });

  it('many entities: the heads that start together are marked in one transaction', async () => {
    for (let i = 0; i < 8; i += 1) await outbox.enqueue({ operation: 'sendHeartbeat', args: [`n${i}`] });
    const drain = engine([], 4).drain(new AbortController().signal);
    const first = await scripted.waitPending(4);
    expect(commits).toEqual(['advance']);
    expect([...fileStates().values()]).toEqual(['inFlight', 'inFlight', 'inFlight', 'inFlight', 'queued', 'queued', 'queued', 'queued']);
    for (const call of first) call.resolve(true);
    for (const call of await scripted.waitPending(4)) call.resolve(true);
    await expect(drain).resolves.toEqual({ outcome: 'drained' });
    expect(commits.length).toBeLessThanOrEqual(9);
    expect(outbox.list()).toEqual([]);
  });

  it('a storage failure after an answer leaves the entry in flight (reconciled later), never reported delivered', async () => {
    await outbox.enqueue({ operation: 'createTask', args: [{ name: 'a', type: 'HelloWorld' }] });
    const delivered: OutboxEntry[] = [];
    scripted.answer = () => {
      // The disk fails once the request is out: the step that would delete the entry cannot commit.
      outbox.close();
      return { value: { id: 1, name: 'a' } };
    };
    await expect(engine(delivered, 4).drain(new AbortController().signal)).rejects.toThrow(/closed/);
    expect(delivered).toEqual([]);
    const reopened = await openOutbox(path.join(dir, 'o.db'));
    expect(reopened.list().map((entry) => entry.state)).toEqual(['inFlight']);
    reopened.close();
  });
});
