import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchTaskStatus } from '../../../src/api/models/index.js';
import { claimMarker } from '../../../src/tasks/claimMarker.js';
import { TaskExecutionService } from '../../../src/tasks/TaskExecutionService.js';
import type { TaskExecutionServiceOptions } from '../../../src/tasks/options.js';
import type { TaskHandler, TaskServiceEvents } from '../../../src/tasks/index.js';
import { advanceUntil, names, recordEvents } from './support/drive.js';
import { FakeOutbox } from './support/FakeOutbox.js';
import { FakeTaskServer } from './support/FakeTaskServer.js';

const node = { id: 'node-a', name: 'Node A' };
const marker = claimMarker(node.id);
const options: TaskExecutionServiceOptions = {
  pollIntervalMs: 100, heartbeatIntervalMs: 60_000, deliveryBackoff: { initialDelayMs: 50, maxDelayMs: 400 },
};
const services: TaskExecutionService[] = [];

function serviceOn(server: FakeTaskServer, outbox: FakeOutbox, extra: TaskExecutionServiceOptions = {}): TaskExecutionService {
  const service = new TaskExecutionService(server, node, { ...options, outbox, ...extra });
  services.push(service);
  return service;
}

const finals = (server: FakeTaskServer) => server.applied.filter((w) => w.to === BatchTaskStatus.Completed || w.to === BatchTaskStatus.Failed);
const done: TaskHandler = (task) => Promise.resolve({ status: 'Completed', resultMessage: `done ${task.id}` });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
  vi.useRealTimers();
});

describe('TaskExecutionService with an outbox', () => {
  it('queues the result in the outbox, claims nothing until the outbox delivers it, then goes on', async () => {
    const server = new FakeTaskServer();
    const first = server.seed('first', 'HelloWorld');
    const second = server.seed('second', 'HelloWorld');
    const outbox = new FakeOutbox(server);
    const service = serviceOn(server, outbox, { handlers: { HelloWorld: done } });
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => outbox.entries.length === 1);

    expect(outbox.entries[0]).toMatchObject({
      operation: 'updateTaskStatus', entity: `task:${first.id}`, args: [first.id, 'Completed', { resultMessage: `done ${first.id}` }],
    });
    expect(service.pendingDelivery).toMatchObject({ taskId: first.id, status: 'Completed' });
    await vi.advanceTimersByTimeAsync(1_000);
    // Held: not sent by the service itself, and nothing else claimed while it waits.
    expect(finals(server)).toEqual([]);
    expect(server.task(second.id).status).toBe(BatchTaskStatus.Pending);

    await outbox.deliverNext();
    await advanceUntil(() => outbox.entries.length === 1 && outbox.entries[0]?.args[0] === second.id);
    await outbox.deliverNext();
    await advanceUntil(() => service.counters.completed === 2);
    expect(finals(server).map((w) => w.taskId)).toEqual([first.id, second.id]);
    expect(names(events, ['taskClaimed', 'taskCompleted'])).toEqual(['taskClaimed', 'taskCompleted', 'taskClaimed', 'taskCompleted']);
  });

  it('after a restart on the same outbox, settles the result a killed run left there before claiming anything', async () => {
    const server = new FakeTaskServer();
    const held = server.seed('held', 'HelloWorld');
    const other = server.seed('other', 'HelloWorld');
    const crashed = new FakeOutbox(server);
    // The previous run claimed `held`, queued its result, and was killed before the outbox delivered it.
    const claim = await server.updateTaskStatus(held.id, BatchTaskStatus.Running, { rowVersion: held.rowVersion, resultMessage: marker });
    await crashed.enqueue({
      operation: 'updateTaskStatus', args: [held.id, 'Completed', { rowVersion: claim?.rowVersion ?? null, resultMessage: 'from the dead run' }],
      entity: `task:${held.id}`,
    });
    const outbox = new FakeOutbox(server, crashed);
    const service = serviceOn(server, outbox, { handlers: { HelloWorld: done } });
    const events = recordEvents(service);
    service.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.task(other.id).status).toBe(BatchTaskStatus.Pending);
    expect(service.pendingDelivery).toMatchObject({ taskId: held.id, resultMessage: 'from the dead run' });

    await outbox.deliverNext();
    await advanceUntil(() => outbox.entries.length === 1);
    expect(events.find((e) => e.name === 'taskCompleted')).toMatchObject({ taskId: held.id, resultMessage: 'from the dead run' });
    // The held task was not run again (no adoption): the next claim is the other task.
    expect(events.filter((e) => e.name === 'taskClaimed').map((e) => (e as TaskServiceEvents['taskClaimed']).taskId)).toEqual([other.id]);
    await outbox.deliverNext();
    await advanceUntil(() => service.counters.completed === 2);
    expect(finals(server)).toHaveLength(2);
    expect(server.task(held.id)).toMatchObject({ status: BatchTaskStatus.Completed, resultMessage: 'from the dead run' });
  });

  it('queues the result again with the new rowVersion when the outbox\'s PUT met a 409 showing the claim still ours', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('moved', 'HelloWorld');
    const outbox = new FakeOutbox(server);
    const service = serviceOn(server, outbox, { handlers: { HelloWorld: done } });
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => outbox.entries.length === 1);
    // Another write moves the rowVersion while the task stays Running under our marker.
    await server.assignTaskToNode(task.id, node.id);
    await outbox.deliverNext();
    await advanceUntil(() => outbox.entries.length === 1 && outbox.entries[0]?.id === 2);
    expect(finals(server)).toEqual([]);
    expect(outbox.entries[0]?.args[2]).toMatchObject({ rowVersion: server.task(task.id).rowVersion });
    await outbox.deliverNext();
    await advanceUntil(() => service.counters.completed === 1);
    expect(finals(server)).toHaveLength(1);
    expect(names(events, ['deliveryRetried', 'taskCompleted'])).toEqual(['deliveryRetried', 'taskCompleted']);
  });

  it('reads back after a conflict dead letter: a task moved on is superseded, and the dead letter is dropped', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('cancelled', 'HelloWorld');
    const outbox = new FakeOutbox(server);
    const service = serviceOn(server, outbox, { handlers: { HelloWorld: done } });
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => outbox.entries.length === 1);
    server.forceStatus(task.id, BatchTaskStatus.Cancelled);
    const deadLetter = outbox.deadLetterNext('conflict', 409);
    await advanceUntil(() => service.counters.superseded === 1);
    expect(events.find((e) => e.name === 'deliverySuperseded')).toMatchObject({ taskId: task.id, currentStatus: BatchTaskStatus.Cancelled });
    expect(outbox.dropped).toEqual([deadLetter.id]);
    expect(finals(server)).toEqual([]);
  });

  it('counts a conflict dead letter whose read-back shows our result as delivered (its first send had applied)', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('applied', 'HelloWorld');
    const outbox = new FakeOutbox(server);
    const service = serviceOn(server, outbox, { handlers: { HelloWorld: done } });
    service.start();
    await advanceUntil(() => outbox.entries.length === 1);
    const entry = outbox.entries[0];
    await server.updateTaskStatus(task.id, BatchTaskStatus.Completed, entry?.args[2] as { rowVersion: string; resultMessage: string });
    outbox.deadLetterNext('conflict', 409);
    await advanceUntil(() => service.counters.completed === 1);
    expect(finals(server)).toHaveLength(1);
    expect(outbox.dead).toEqual([]);
  });

  it('keeps a result the server refuses for good (400) as a dead letter, says so, and moves on', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('refused', 'HelloWorld');
    const next = server.seed('next', 'HelloWorld');
    const outbox = new FakeOutbox(server);
    const service = serviceOn(server, outbox, { handlers: { HelloWorld: done } });
    const events = recordEvents(service);
    const deadLettered: TaskServiceEvents['deliveryDeadLettered'][] = [];
    service.on('deliveryDeadLettered', (e) => deadLettered.push(e));
    service.start();
    await advanceUntil(() => outbox.entries.length === 1);
    outbox.deadLetterNext('rejected', 400);
    await advanceUntil(() => outbox.entries.length === 1 && outbox.entries[0]?.args[0] === next.id);
    expect(deadLettered).toMatchObject([{ taskId: task.id, status: 'Completed', deadLetterId: 1, reason: 'rejected', answer: 'answer 400' }]);
    expect(outbox.dead).toHaveLength(1);
    expect(names(events, ['taskClaimed'])).toHaveLength(2);
  });

  it('leaves a held result in the outbox on dispose (no deliveryAbandoned): the next run delivers it', async () => {
    const server = new FakeTaskServer();
    server.seed('kept', 'HelloWorld');
    const outbox = new FakeOutbox(server);
    const service = serviceOn(server, outbox, { handlers: { HelloWorld: done } });
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => outbox.entries.length === 1);
    await service.dispose();
    expect(names(events, ['deliveryAbandoned'])).toEqual([]);
    expect(outbox.entries).toHaveLength(1);
    expect(service.activeTimerCount).toBe(0);
  });

  it('queues progress of a known folder in the task\'s entity while the server is down, before the result', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('progress', 'FileProcessing');
    const outbox = new FakeOutbox(server);
    const reported: boolean[] = [];
    const handler: TaskHandler = async (t, context) => {
      reported.push(await context.reportFolderProgress({ folderPath: 'in/a', status: 'InProgress', progress: 10 }));
      server.down = true;
      reported.push(await context.reportFolderProgress({ folderPath: 'in/a', status: 'Completed', progress: 100 }));
      return { status: 'Completed', resultMessage: `done ${t.id}` };
    };
    const service = serviceOn(server, outbox, { handlers: { FileProcessing: handler } });
    service.start();
    await advanceUntil(() => outbox.entries.length === 2);
    expect(reported).toEqual([true, true]);
    expect(outbox.entries.map((e) => [e.operation, e.entity])).toEqual([
      ['updateTaskFolderStatus', `task:${task.id}`], ['updateTaskStatus', `task:${task.id}`],
    ]);
    server.down = false;
    await outbox.deliverNext();
    await outbox.deliverNext();
    await advanceUntil(() => service.counters.completed === 1);
    expect(server.folders[0]).toMatchObject({ progress: 100 });
  });

  it('queues a lock release the server cannot hear, and claims nothing until the outbox delivered it', async () => {
    const server = new FakeTaskServer();
    const locked = server.seed('locked', 'FileProcessing');
    const next = server.seed('next', 'HelloWorld');
    const outbox = new FakeOutbox(server);
    const handler: TaskHandler = async (t, context) => {
      const result = await context.withFileLock('out/a.bin', () => {
        server.down = true;
        return Promise.resolve(`done ${t.id}`);
      });
      return { status: 'Completed', resultMessage: result.acquired ? result.value : 'locked' };
    };
    const service = serviceOn(server, outbox, { handlers: { FileProcessing: handler, HelloWorld: done } });
    service.start();
    await advanceUntil(() => outbox.entries.length === 2);
    expect(outbox.entries.map((e) => [e.operation, e.args])).toEqual([
      ['releaseFileLock', ['out/a.bin', node.id]], ['updateTaskStatus', [locked.id, 'Completed', expect.objectContaining({ resultMessage: `done ${locked.id}` }) as object]],
    ]);
    server.down = false;
    await outbox.deliverNext('updateTaskStatus');
    await advanceUntil(() => service.counters.completed === 1);
    await vi.advanceTimersByTimeAsync(1_000);
    // The result is in, but the lock release is still queued: the next task waits for it.
    expect(server.task(next.id).status).toBe(BatchTaskStatus.Pending);
    expect(server.locks.get('out/a.bin')).toBe(node.id);
    await outbox.deliverNext('releaseFileLock');
    await advanceUntil(() => outbox.entries.length === 1 && outbox.entries[0]?.args[0] === next.id);
    expect(server.locks.has('out/a.bin')).toBe(false);
  });

  it('refuses an outbox option that is not an OfflineClient, naming it', () => {
    const server = new FakeTaskServer();
    expect(() => new TaskExecutionService(server, node, { outbox: {} as never })).toThrow(/invalid argument outbox: expected an OfflineClient/);
  });
});
