import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { HttpStatusError } from '../../../src/errors/HttpStatusError.js';
import { NetworkError } from '../../../src/errors/NetworkError.js';
import { OutcomeUnknownError } from '../../../src/errors/OutcomeUnknownError.js';
import { DeliveryEngine } from '../../../src/outbox/DeliveryEngine.js';
import type { DeliveryQueue } from '../../../src/outbox/DeliveryQueue.js';
import { deliveryQueueOf } from '../../../src/outbox/DeliveryQueue.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import type { DeadLetter, DeliveryKind, Outbox, OutboxEntry } from '../../../src/outbox/types.js';
import { ScriptedClient } from './support/scriptedClient.js';

let dir: string;
let outbox: Outbox;
let queue: DeliveryQueue;
let scripted: ScriptedClient;
let delivered: { entry: OutboxEntry; kind: DeliveryKind; result: unknown }[];
let dead: DeadLetter[];
let keyHonoured: boolean;

function engine(maxConcurrentEntities = 4, probing?: () => boolean): DeliveryEngine {
  return new DeliveryEngine({
    queue, client: scripted.client, keyHonoured: () => keyHonoured, maxConcurrentEntities,
    ...(probing === undefined ? {} : { probing }),
    onDelivered: (entry, kind, result) => delivered.push({ entry, kind, result }),
    onDeadLettered: (deadLetter) => dead.push(deadLetter),
  });
}

const task = (id: number, status: number, resultMessage: string | null = null) => ({
  id, name: `t${id}`, type: 1, status, assignedNodeId: null, assignedNodeIds: '[]', createdAt: '2026-01-01T00:00:00Z',
  startedAt: null, completedAt: null, parameters: null, resultMessage, rowVersion: null,
});

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-engine-'));
  outbox = await openOutbox(path.join(dir, 'o.db'));
  const found = deliveryQueueOf(outbox);
  if (found === undefined) throw new Error('no queue');
  queue = found;
  scripted = new ScriptedClient();
  delivered = [];
  dead = [];
  keyHonoured = false;
});

afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DeliveryEngine: order and concurrency', () => {
  it('delivers one entity in the order queued, one at a time, while other entities go at once up to the limit', async () => {
    await outbox.enqueue({ operation: 'updateTaskStatus', args: [1, 'Running'] });
    await outbox.enqueue({ operation: 'updateTaskStatus', args: [1, 'Completed', { resultMessage: 'done' }] });
    await outbox.enqueue({ operation: 'updateTaskStatus', args: [2, 'Running'] });
    await outbox.enqueue({ operation: 'updateTaskStatus', args: [3, 'Running'] });
    const drain = engine(2).drain(new AbortController().signal);
    // Two entities at once (the limit): task 1's first write and task 2's; not task 1's second, not task 3.
    const first = await scripted.waitPending(2);
    expect(first.map((call) => call.args.slice(0, 2))).toEqual([[1, 'Running'], [2, 'Running']]);
    expect(queue.heads(new Set(), 10).filter((entry) => entry.state === 'inFlight').map((entry) => entry.entity)).toEqual(['task:1', 'task:2']);
    first[0]?.resolve(task(1, 1));
    const second = await scripted.waitPending(1);
    // The free slot goes to the entity whose head is oldest: task 1's second write, queued before task 3's.
    expect(second.map((call) => call.args.slice(0, 2))).toEqual([[1, 'Completed']]);
    second[0]?.resolve(task(1, 2, 'done'));
    first[1]?.resolve(task(2, 1));
    const third = await scripted.waitPending(1);
    expect(third.map((call) => call.args.slice(0, 2))).toEqual([[3, 'Running']]);
    third[0]?.resolve(task(3, 1));
    await expect(drain).resolves.toEqual({ outcome: 'drained' });
    expect(delivered.map((item) => [item.entry.entity, item.entry.entityOrder, item.kind])).toEqual([
      ['task:1', 1, 'sent'], ['task:1', 2, 'sent'], ['task:2', 1, 'sent'], ['task:3', 1, 'sent'],
    ]);
    expect(outbox.list()).toEqual([]);
  });

  it('sends every call with the entry\'s own Idempotency-Key', async () => {
    const entry = await outbox.enqueue({ operation: 'sendDebugMessage', args: ['src', 'hello'] });
    scripted.answer = () => ({ value: true });
    await engine().drain(new AbortController().signal);
    expect(scripted.calls[0]?.args).toEqual(['src', 'hello', undefined, entry.args[3], { idempotencyKey: entry.idempotencyKey }]);
  });
});

describe('DeliveryEngine: failures', () => {
  it('stops at a transient failure; a failure that proves nothing was sent puts the entry back to queued', async () => {
    await outbox.enqueue({ operation: 'createTask', args: [{ name: 'a', type: 'HelloWorld' }] });
    scripted.answer = () => ({ error: new NetworkError('createTask', 'ECONNREFUSED', 'connect ECONNREFUSED', true, { neverSent: true }) });
    await expect(engine().drain(new AbortController().signal)).resolves.toMatchObject({ outcome: 'interrupted', retryAfterMs: 0 });
    expect(outbox.list()[0]).toMatchObject({ state: 'queued', attempts: 1, lastError: expect.stringContaining('ECONNREFUSED') as unknown });
  });

  it('keeps an entry whose answer was lost in flight, and reads back before sending it again (no key support)', async () => {
    await outbox.enqueue({ operation: 'createTask', args: [{ name: 'render-7', type: 'HelloWorld' }] });
    scripted.answer = () => ({ error: new OutcomeUnknownError('createTask', undefined, { cause: new Error('socket hang up') }) });
    await engine().drain(new AbortController().signal);
    expect(outbox.list()[0]).toMatchObject({ state: 'inFlight', attempts: 1 });
    // The read-back finds the task the first send created: delivered without a second POST.
    scripted.answer = (method) => (method === 'getTasks' ? { value: [{ ...task(9, 0), name: 'render-7' }] } : undefined);
    await expect(engine().drain(new AbortController().signal)).resolves.toEqual({ outcome: 'drained' });
    expect(scripted.calls.map((call) => call.method)).toEqual(['createTask', 'getTasks']);
    expect(delivered[0]).toMatchObject({ kind: 'alreadyApplied', result: { id: 9 } });
  });

  it('sends again after reading back that the write is not there; compares status AND resultMessage', async () => {
    await outbox.enqueue({ operation: 'updateTaskStatus', args: [4, 'Completed', { resultMessage: 'ok' }] });
    queue.markInFlight(outbox.list()[0]?.id ?? -1);
    // Same status, other message: another writer's, not ours.
    scripted.answer = (method) => (method === 'getTaskById' ? { value: task(4, 2, 'someone else') } : { value: task(4, 2, 'ok') });
    await engine().drain(new AbortController().signal);
    expect(scripted.calls.map((call) => call.method)).toEqual(['getTaskById', 'updateTaskStatus']);
    expect(delivered[0]?.kind).toBe('sent');
  });

  it('replays an unknown outcome with the same key when the server honours it, without reading back', async () => {
    const entry = await outbox.enqueue({ operation: 'createTask', args: [{ name: 'x', type: 'HelloWorld' }] });
    queue.markInFlight(entry.id);
    keyHonoured = true;
    scripted.answer = () => ({ value: task(5, 0) });
    await engine().drain(new AbortController().signal);
    expect(scripted.calls.map((call) => [call.method, call.args[1]])).toEqual([['createTask', { idempotencyKey: entry.idempotencyKey }]]);
    expect(delivered[0]?.kind).toBe('replayed');
  });

  it('dead-letters a poison entry (404) with the server\'s answer and goes on with the next', async () => {
    await outbox.enqueue({ operation: 'updateTaskStatus', args: [77, 'Running'] });
    await outbox.enqueue({ operation: 'updateTaskStatus', args: [77, 'Completed'] });
    scripted.answer = (_method, args) => (args[1] === 'Running'
      ? { error: new HttpStatusError('updateTaskStatus', 404, '{"message":"Task 77 not found"}') }
      : { value: task(77, 2) });
    await expect(engine().drain(new AbortController().signal)).resolves.toEqual({ outcome: 'drained' });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ reason: 'rejected', status: 404, answer: '{"message":"Task 77 not found"}' });
    expect(outbox.deadLetters()).toHaveLength(1);
    expect(delivered.map((item) => item.entry.args[1])).toEqual(['Completed']);
  });

  it('reads back after a 409: applied means delivered, else a conflict dead letter', async () => {
    await outbox.enqueue({ operation: 'createTaskFolder', args: [3, { folderPath: '/in/a', folderName: 'a' }] });
    await outbox.enqueue({ operation: 'createTaskFolder', args: [4, { folderPath: '/in/b', folderName: 'b' }] });
    scripted.answer = (method, args) => {
      if (method === 'createTaskFolder') return { error: new HttpStatusError('createTaskFolder', 409, 'exists') };
      return { value: args[0] === 3 ? [{ id: 1, taskId: 3, folderPath: '/in/a' }] : [] };
    };
    await engine().drain(new AbortController().signal);
    expect(delivered.map((item) => [item.entry.entity, item.kind])).toEqual([['task:3', 'alreadyApplied']]);
    expect(dead.map((item) => [item.entry.entity, item.reason, item.status])).toEqual([['task:4', 'conflict', 409]]);
  });

  it('dead-letters an update the client answered with the server\'s current task (a 409 concurrency conflict)', async () => {
    await outbox.enqueue({ operation: 'updateTaskStatus', args: [6, 'Completed'] });
    scripted.answer = () => ({ value: task(6, 4) });
    await engine().drain(new AbortController().signal);
    expect(dead[0]).toMatchObject({ reason: 'conflict', status: 409 });
    expect(dead[0]?.answer).toContain('"status":4');
  });

  it('passes an open breaker\'s wait on to the machine', async () => {
    await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n1'] });
    scripted.answer = () => ({ error: new BrokenCircuitError(12_000, 'sendHeartbeat') });
    await expect(engine().drain(new AbortController().signal)).resolves.toEqual({
      outcome: 'interrupted', retryAfterMs: 12_000, error: expect.stringMatching(/Circuit breaker is open/) as string, refusedByBreaker: true,
    });
    expect(outbox.list()[0]?.state).toBe('queued');
  });

  it('a transient failure that is not the breaker\'s is not reported as a refusal', async () => {
    await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n1'] });
    scripted.answer = () => ({ error: new HttpStatusError('sendHeartbeat', 503, '', 4_000) });
    const result = await engine().drain(new AbortController().signal);
    expect(result).toMatchObject({ outcome: 'interrupted', retryAfterMs: 4_000 });
    expect(result).not.toHaveProperty('refusedByBreaker');
  });

  it('behind a breaker that is not closed, sends one entry (the half-open probe), then all at once once it closes', async () => {
    for (const id of [1, 2, 3, 4, 5]) await outbox.enqueue({ operation: 'updateTaskStatus', args: [id, 'Running'] });
    let breakerOpen = true;
    const drain = engine(4, () => breakerOpen).drain(new AbortController().signal);
    const probe = await scripted.waitPending(1);
    await new Promise((resolve) => setImmediate(resolve));
    // Only the probe: more at once would be refused beside it and stop the drain.
    expect(scripted.calls).toHaveLength(1);
    breakerOpen = false;
    probe[0]?.resolve(task(1, 1));
    const rest = await scripted.waitPending(4);
    expect(rest.map((call) => call.args[0])).toEqual([2, 3, 4, 5]);
    for (const [index, call] of rest.entries()) call.resolve(task(index + 2, 1));
    await expect(drain).resolves.toEqual({ outcome: 'drained' });
    expect(delivered).toHaveLength(5);
  });

  it('starts nothing once aborted, but records the calls in flight', async () => {
    await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n1'] });
    await outbox.enqueue({ operation: 'sendHeartbeat', args: ['n2'] });
    const abort = new AbortController();
    const drain = engine(1).drain(abort.signal);
    const [call] = await scripted.waitPending(1);
    abort.abort();
    call?.resolve(true);
    await expect(drain).resolves.toMatchObject({ outcome: 'interrupted' });
    expect(delivered).toHaveLength(1);
    expect(outbox.list().map((entry) => entry.entity)).toEqual(['heartbeat:n2']);
  });
});
