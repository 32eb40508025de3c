import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchTaskStatus } from '../../../src/api/models/index.js';
import type { LinkStatus } from '../../../src/api/LinkStatus.js';
import { TaskExecutionService } from '../../../src/tasks/TaskExecutionService.js';
import type { TaskExecutionServiceOptions } from '../../../src/tasks/options.js';
import type { TaskHandler } from '../../../src/tasks/types.js';
import { advanceUntil, names, recordEvents } from './support/drive.js';
import { FakeTaskServer } from './support/FakeTaskServer.js';

const node = { id: 'node-a', name: 'Node A' };
const options: TaskExecutionServiceOptions = {
  pollIntervalMs: 100, heartbeatIntervalMs: 60_000, deliveryBackoff: { initialDelayMs: 50, maxDelayMs: 400 },
};
const services: TaskExecutionService[] = [];

function serviceOn(server: FakeTaskServer, extra: TaskExecutionServiceOptions = {}): TaskExecutionService {
  const service = new TaskExecutionService(server, node, { ...options, ...extra });
  services.push(service);
  return service;
}

const isFinalPut = (operation: string, args: unknown[]) =>
  operation === 'updateTaskStatus' && (args[1] === BatchTaskStatus.Completed || args[1] === BatchTaskStatus.Failed);

/** A handler that finishes only when the test says so, and reports when it started. */
function gatedHandler(): { handler: TaskHandler; started: () => boolean; finish: () => void } {
  let release: (() => void) | undefined;
  let started = false;
  const handler: TaskHandler = async (task) => {
    started = true;
    await new Promise<void>((resolve) => { release = resolve; });
    return { status: 'Completed', resultMessage: `done ${task.id}` };
  };
  return { handler, started: () => started, finish: () => release?.() };
}

/** A LinkStatus the test flips by hand, as the ConnectionManager would. */
class ManualLink implements LinkStatus {
  private up = true;
  private readonly listeners = new Set<(up: boolean) => void>();
  isUp(): boolean {
    return this.up;
  }
  onChange(listener: (up: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(up: boolean): void {
    this.up = up;
    for (const listener of [...this.listeners]) listener(up);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
  vi.useRealTimers();
});

describe('TaskExecutionService: delivery across a lost link', () => {
  it('holds a result while the server is unreachable, claims nothing meanwhile, and delivers it once when back', async () => {
    const server = new FakeTaskServer();
    const first = server.seed('first', 'FileProcessing');
    const second = server.seed('second', 'HelloWorld');
    const gate = gatedHandler();
    const service = serviceOn(server, { handlers: { FileProcessing: gate.handler } });
    const events = recordEvents(service);
    service.start();
    await advanceUntil(gate.started);

    server.down = true;
    gate.finish();
    await advanceUntil(() => events.filter((e) => e.name === 'deliveryDeferred').length >= 3);
    expect(service.linkUp).toBe(false);
    expect(service.pendingDelivery).toMatchObject({ taskId: first.id, status: 'Completed', resultMessage: `done ${first.id}` });
    expect(server.task(second.id).status).toBe(BatchTaskStatus.Pending);
    const deferred = events.filter((e) => e.name === 'deliveryDeferred');
    expect(deferred.map((e) => e.retryInMs)).toEqual([50, 100, 200]);
    expect(deferred[0]?.reason).toContain('ECONNREFUSED');

    server.down = false;
    await advanceUntil(() => service.counters.completed === 2);
    expect(server.applied.filter((w) => isFinalPut('updateTaskStatus', [w.taskId, w.to]))).toHaveLength(2);
    expect(names(events, ['taskClaimed', 'taskCompleted', 'linkDown', 'linkUp'])).toEqual(
      ['taskClaimed', 'linkDown', 'linkUp', 'taskCompleted', 'taskClaimed', 'taskCompleted'],
    );
  });

  it('counts a retry whose first send was applied but whose answer was lost as delivered, never applying twice', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('once', 'HelloWorld');
    server.loseAnswer(isFinalPut);
    const service = serviceOn(server);
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => service.counters.completed === 1);

    const finals = server.applied.filter((w) => w.to === BatchTaskStatus.Completed);
    expect(finals).toEqual([{ taskId: task.id, from: BatchTaskStatus.Running, to: BatchTaskStatus.Completed, resultMessage: `Hello, World! from Node A (task ${task.id})` }]);
    expect(names(events, ['taskClaimed', 'deliveryDeferred', 'deliveryRetried', 'taskCompleted'])).toEqual(
      ['taskClaimed', 'deliveryDeferred', 'deliveryRetried', 'taskCompleted'],
    );
    expect(events.find((e) => e.name === 'taskCompleted')).toMatchObject({ deliveryAttempts: 2 });
    expect(service.counters.deliveryAttempts).toBe(2);
  });

  it('adopts a task whose claim was applied but whose answer was lost, instead of leaving it Running forever', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('orphan', 'HelloWorld');
    server.loseAnswer((operation, args) => operation === 'updateTaskStatus' && args[1] === BatchTaskStatus.Running);
    const service = serviceOn(server);
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => service.counters.completed === 1);

    expect(events.filter((e) => e.name === 'taskClaimed')).toMatchObject([{ taskId: task.id, adopted: true }]);
    expect(server.task(task.id).status).toBe(BatchTaskStatus.Completed);
    expect(server.applied.filter((w) => w.to === BatchTaskStatus.Completed)).toHaveLength(1);
  });

  it('drops a result the server has moved on from (task cancelled meanwhile) without applying it', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('cancel me', 'FileProcessing');
    const gate = gatedHandler();
    const service = serviceOn(server, { handlers: { FileProcessing: gate.handler } });
    const events = recordEvents(service);
    service.start();
    await advanceUntil(gate.started);
    server.forceStatus(task.id, BatchTaskStatus.Cancelled, 'cancelled by operator');
    gate.finish();
    await advanceUntil(() => service.counters.superseded === 1);

    expect(server.task(task.id)).toMatchObject({ status: BatchTaskStatus.Cancelled, resultMessage: 'cancelled by operator' });
    expect(events.find((e) => e.name === 'deliverySuperseded')).toMatchObject({
      taskId: task.id, status: 'Completed', currentStatus: BatchTaskStatus.Cancelled,
    });
    expect(service.counters).toMatchObject({ completed: 0, superseded: 1 });
  });

  it('drops a result whose task was deleted meanwhile (404) instead of retrying forever', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('deleted', 'FileProcessing');
    const gate = gatedHandler();
    const service = serviceOn(server, { handlers: { FileProcessing: gate.handler } });
    const events = recordEvents(service);
    service.start();
    await advanceUntil(gate.started);
    server.remove(task.id);
    gate.finish();
    await advanceUntil(() => service.counters.superseded === 1);
    expect(events.find((e) => e.name === 'deliverySuperseded')).toMatchObject({ taskId: task.id, currentStatus: null });
    expect(service.counters.deliveryAttempts).toBe(1);
    expect(service.pendingDelivery).toBeNull();
  });

  it('sends again with the new rowVersion when another write touched the task but it is still ours', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('touched', 'FileProcessing');
    const gate = gatedHandler();
    const service = serviceOn(server, { handlers: { FileProcessing: gate.handler } });
    service.start();
    await advanceUntil(gate.started);
    await server.assignTaskToNode(task.id, 'node-a');
    gate.finish();
    await advanceUntil(() => service.counters.completed === 1);
    expect(service.counters.deliveryAttempts).toBe(2);
    expect(server.applied.filter((w) => w.to === BatchTaskStatus.Completed)).toHaveLength(1);
  });

  it('with a host LinkStatus: calls nothing while it says down, and resumes by itself when it says up', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('later', 'HelloWorld');
    const link = new ManualLink();
    link.set(false);
    const service = serviceOn(server, { link });
    const events = recordEvents(service);
    service.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.calls).toEqual([]);

    link.set(true);
    await advanceUntil(() => service.counters.completed === 1);
    expect(server.task(task.id).status).toBe(BatchTaskStatus.Completed);
    expect(names(events, ['linkUp', 'registered', 'taskClaimed', 'taskCompleted'])).toEqual(['linkUp', 'registered', 'taskClaimed', 'taskCompleted']);
  });

  it('with a host LinkStatus: holds a result while the link is down and sends it as soon as it is up', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('held', 'FileProcessing');
    const gate = gatedHandler();
    const link = new ManualLink();
    const service = serviceOn(server, { link, handlers: { FileProcessing: gate.handler } });
    service.start();
    await advanceUntil(gate.started);
    link.set(false);
    gate.finish();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(service.pendingDelivery).toMatchObject({ taskId: task.id, attempts: 0 });
    expect(server.task(task.id).status).toBe(BatchTaskStatus.Running);

    link.set(true);
    await advanceUntil(() => service.counters.completed === 1);
    expect(service.counters.deliveryAttempts).toBe(1);
    await service.dispose();
    expect(link.listenerCount).toBe(0);
  });

  it('probes an inferred link with testConnection, backing off, and takes work again once it answers', async () => {
    const server = new FakeTaskServer();
    const service = serviceOn(server);
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => events.some((e) => e.name === 'registered'));
    server.down = true;
    await advanceUntil(() => !service.linkUp);
    const probesBefore = server.calls.filter((c) => c.operation === 'testConnection').length;
    await vi.advanceTimersByTimeAsync(50 + 100 + 200 + 400 + 400);
    const probes = server.calls.filter((c) => c.operation === 'testConnection').length - probesBefore;
    expect(probes).toBe(5);
    expect(server.calls.filter((c) => c.operation === 'updateTaskStatus')).toEqual([]);

    server.down = false;
    const task = server.seed('after', 'HelloWorld');
    await advanceUntil(() => service.counters.completed === 1);
    expect(server.task(task.id).status).toBe(BatchTaskStatus.Completed);
    expect(names(events, ['linkDown', 'linkUp'])).toEqual(['linkDown', 'linkUp']);
  });
});

describe('TaskExecutionService: a handler that cannot reach the server', () => {
  it('hands the task back to Pending instead of failing it, and takes it again once the server is back', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('needs a lock', 'FileProcessing');
    let runs = 0;
    const handler: TaskHandler = async (_task, context) => {
      runs += 1;
      if (runs === 1) server.down = true;
      const locked = await context.withFileLock('D:/x', () => Promise.resolve('wrote'));
      return locked.acquired ? { status: 'Completed', resultMessage: locked.value } : { status: 'Failed', resultMessage: 'held' };
    };
    const service = serviceOn(server, { handlers: { FileProcessing: handler } });
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => service.counters.deliveryAttempts >= 2);
    server.down = false;
    await advanceUntil(() => service.counters.completed === 1);

    expect(server.applied.map((w) => w.to)).toEqual([
      BatchTaskStatus.Running, BatchTaskStatus.Pending, BatchTaskStatus.Running, BatchTaskStatus.Completed,
    ]);
    expect(server.applied[1]?.resultMessage).toMatch(/^Handed back by node node-a: tryAcquireFileLock: network error ECONNREFUSED/);
    expect(names(events, ['taskClaimed', 'taskHandedBack', 'taskCompleted'])).toEqual(['taskClaimed', 'taskHandedBack', 'taskClaimed', 'taskCompleted']);
    expect(service.counters).toMatchObject({ claimed: 2, handedBack: 1, completed: 1, failed: 0 });
    expect(server.task(task.id).resultMessage).toBe('wrote');
  });
});
