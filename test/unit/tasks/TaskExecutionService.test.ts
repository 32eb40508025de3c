import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchTaskStatus, TaskFolderStatus, TaskType } from '../../../src/api/models/index.js';
import { TaskExecutionService } from '../../../src/tasks/TaskExecutionService.js';
import type { TaskExecutionServiceOptions } from '../../../src/tasks/options.js';
import type { TaskHandler } from '../../../src/tasks/types.js';
import { advanceUntil, names, recordEvents } from './support/drive.js';
import { FakeTaskServer } from './support/FakeTaskServer.js';

const node = { id: 'node-a', name: 'Node A' };
const fast: TaskExecutionServiceOptions = { pollIntervalMs: 100, heartbeatIntervalMs: 1_000 };
const services: TaskExecutionService[] = [];

function serviceOn(server: FakeTaskServer, options: TaskExecutionServiceOptions = {}, who = node): TaskExecutionService {
  const service = new TaskExecutionService(server, who, { ...fast, ...options });
  services.push(service);
  return service;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
  vi.useRealTimers();
});

describe('TaskExecutionService: claim, run, deliver', () => {
  it('registers the node, claims a Pending task with its rowVersion and delivers Completed once', async () => {
    const server = new FakeTaskServer();
    const seeded = server.seed('greet', 'HelloWorld');
    const service = serviceOn(server);
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => server.task(seeded.id).status === BatchTaskStatus.Completed);

    expect(server.nodes.get('node-a')).toMatchObject({ name: 'Node A', isAvailable: true });
    const claim = server.calls.find((c) => c.operation === 'updateTaskStatus');
    expect(claim?.args).toEqual([seeded.id, BatchTaskStatus.Running, { rowVersion: seeded.rowVersion, resultMessage: 'Running on node node-a' }]);
    expect(server.applied.map((a) => [a.from, a.to])).toEqual([[0, 1], [1, 2]]);
    expect(server.task(seeded.id).resultMessage).toBe(`Hello, World! from Node A (task ${seeded.id})`);
    expect(names(events)).toEqual(['registered', 'taskClaimed', 'taskCompleted']);
    expect(events[1]).toMatchObject({ taskId: seeded.id, taskName: 'greet', type: TaskType.HelloWorld, adopted: false });
    expect(events[2]).toMatchObject({ taskId: seeded.id, deliveryAttempts: 1 });
    expect(service.counters).toEqual({ claimed: 1, claimConflicts: 0, completed: 1, failed: 0, handedBack: 0, superseded: 0, deliveryAttempts: 1 });
  });

  it('takes tasks assigned to it first, skips those assigned to other nodes, then takes unassigned ones oldest first', async () => {
    const server = new FakeTaskServer();
    const free = server.seed('free', 'HelloWorld');
    const theirs = server.seed('theirs', 'HelloWorld', { assignedNodeId: 'node-b' });
    const mine = server.seed('mine', 'HelloWorld', { assignedNodeIds: '["node-a"]' });
    const service = serviceOn(server);
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => service.counters.completed === 2);
    await vi.advanceTimersByTimeAsync(500);

    expect(events.filter((e) => e.name === 'taskClaimed').map((e) => e.taskId)).toEqual([mine.id, free.id]);
    expect(server.task(theirs.id).status).toBe(BatchTaskStatus.Pending);
  });

  it('ends a task of a type without a handler as Failed, naming the type', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('thumbs', 'RenderThumbnails');
    const service = serviceOn(server);
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => service.counters.failed === 1);

    expect(server.task(task.id)).toMatchObject({
      status: BatchTaskStatus.Failed,
      resultMessage: 'No handler for task type RenderThumbnails (3) on node node-a',
    });
    expect(names(events, ['taskClaimed', 'taskFailed'])).toEqual(['taskClaimed', 'taskFailed']);
  });

  it('ends a task whose handler throws as Failed with the error message', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('crash', 'FileProcessing');
    const handler: TaskHandler = () => Promise.reject(new Error('disk full'));
    const service = serviceOn(server, { handlers: { FileProcessing: handler } });
    service.start();
    await advanceUntil(() => service.counters.failed === 1);
    expect(server.task(task.id).resultMessage).toBe('The FileProcessing (4) handler failed: disk full');
  });

  it('lets a custom handler replace a built-in one, keyed by number', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('greet', 'HelloWorld');
    const service = serviceOn(server, { handlers: { [TaskType.HelloWorld]: () => Promise.resolve({ status: 'Completed', resultMessage: 'custom' }) } });
    service.start();
    await advanceUntil(() => service.counters.completed === 1);
    expect(server.task(task.id).resultMessage).toBe('custom');
  });

  it('never lets two nodes run the same task: the loser of a claim sees a conflict and moves on', async () => {
    const server = new FakeTaskServer();
    for (let i = 0; i < 6; i += 1) server.seed(`t${i}`, i % 2 === 0 ? 'HelloWorld' : 'TestMessage');
    const a = serviceOn(server);
    const b = serviceOn(server, {}, { id: 'node-b', name: 'Node B' });
    a.start();
    b.start();
    await advanceUntil(() => a.counters.completed + b.counters.completed === 6);

    const claimsPerTask = new Map<number, number>();
    for (const write of server.applied.filter((w) => w.to === BatchTaskStatus.Running)) {
      claimsPerTask.set(write.taskId, (claimsPerTask.get(write.taskId) ?? 0) + 1);
    }
    expect([...claimsPerTask.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(server.applied.filter((w) => w.to === BatchTaskStatus.Completed)).toHaveLength(6);
    expect(a.counters.claimConflicts + b.counters.claimConflicts).toBeGreaterThan(0);
  });

  it('creates a folder on its first progress report, updates it afterwards and stamps it with the node', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('files', 'FileProcessing');
    const reports: boolean[] = [];
    const handler: TaskHandler = async (_task, context) => {
      reports.push(await context.reportFolderProgress({ folderPath: 'D:/scans/site-1', status: 'InProgress', progress: 10 }));
      reports.push(await context.reportFolderProgress({ folderPath: 'D:/scans/site-1', status: 'Completed', progress: 100 }));
      return { status: 'Completed', resultMessage: 'scanned' };
    };
    const service = serviceOn(server, { handlers: { FileProcessing: handler } });
    service.start();
    await advanceUntil(() => service.counters.completed === 1);

    expect(reports).toEqual([true, true]);
    expect(server.folders).toHaveLength(1);
    expect(server.folders[0]).toMatchObject({
      taskId: task.id, folderName: 'site-1', status: TaskFolderStatus.Completed, progress: 100,
      assignedNodeId: 'node-a', assignedNodeName: 'Node A',
    });
  });

  it('releases a file lock the handler left held, even when the handler throws', async () => {
    const server = new FakeTaskServer();
    server.seed('locked', 'FileProcessing');
    let heldDuringWork = false;
    const handler: TaskHandler = async (_task, context) => {
      expect(await context.acquireFileLock('D:/out/a.bin')).toBe(true);
      heldDuringWork = server.locks.get('D:/out/a.bin') === 'node-a';
      throw new Error('crashed while holding the lock');
    };
    const service = serviceOn(server, { handlers: { FileProcessing: handler } });
    service.start();
    await advanceUntil(() => service.counters.failed === 1);
    expect(heldDuringWork).toBe(true);
    expect(server.locks.size).toBe(0);
  });

  it('runs withFileLock work only when the lock is free, and releases it afterwards', async () => {
    const server = new FakeTaskServer();
    server.seed('one', 'FileProcessing');
    server.locks.set('D:/busy', 'node-z');
    const results: unknown[] = [];
    const handler: TaskHandler = async (_task, context) => {
      results.push(await context.withFileLock('D:/busy', () => Promise.resolve('ran busy')));
      results.push(await context.withFileLock('D:/free', () => Promise.resolve('ran free')));
      results.push(server.locks.has('D:/free'));
      return { status: 'Completed', resultMessage: 'ok' };
    };
    const service = serviceOn(server, { handlers: { FileProcessing: handler } });
    service.start();
    await advanceUntil(() => service.counters.completed === 1);
    expect(results).toEqual([{ acquired: false }, { acquired: true, value: 'ran free' }, false]);
    expect([...server.locks]).toEqual([['D:/busy', 'node-z']]);
  });
});

describe('TaskExecutionService: registration', () => {
  it('registers with the ip address and fingerprint given, and leaves out a fingerprint it does not have', async () => {
    const server = new FakeTaskServer();
    const withPrint = serviceOn(server, {}, { id: 'n-print', name: 'P', ipAddress: '10.0.0.7', hardwareFingerprint: 'abc' } as typeof node);
    const without = serviceOn(server, {}, { id: 'n-bare', name: 'B' });
    withPrint.start();
    without.start();
    await advanceUntil(() => server.nodes.size === 2);
    expect(server.nodes.get('n-print')).toMatchObject({ ipAddress: '10.0.0.7', hardwareFingerprint: 'abc' });
    expect(server.nodes.get('n-bare')).toMatchObject({ ipAddress: '', hardwareFingerprint: null });
  });
});
