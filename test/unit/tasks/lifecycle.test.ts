import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchTaskStatus } from '../../../src/api/models/index.js';
import { isInvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import { TaskExecutionService } from '../../../src/tasks/TaskExecutionService.js';
import type { TaskExecutionServiceOptions } from '../../../src/tasks/options.js';
import type { TaskHandler } from '../../../src/tasks/types.js';
import { advanceUntil, names, recordEvents } from './support/drive.js';
import { FakeTaskServer } from './support/FakeTaskServer.js';

const node = { id: 'node-a', name: 'Node A' };
const options: TaskExecutionServiceOptions = {
  pollIntervalMs: 100, heartbeatIntervalMs: 1_000, deliveryBackoff: { initialDelayMs: 50, maxDelayMs: 400 },
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function thrown(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('TaskExecutionService: lifecycle', () => {
  it('stop() lets the running task finish and delivers its result, even across an outage, then claims nothing more', async () => {
    const server = new FakeTaskServer();
    const first = server.seed('running', 'FileProcessing');
    const second = server.seed('untouched', 'HelloWorld');
    let finish: (() => void) | undefined;
    const handler: TaskHandler = async () => {
      await new Promise<void>((resolve) => { finish = resolve; });
      return { status: 'Completed', resultMessage: 'finished' };
    };
    const service = new TaskExecutionService(server, node, { ...options, handlers: { FileProcessing: handler } });
    service.start();
    await advanceUntil(() => finish !== undefined);
    server.down = true;
    let stopped = false;
    void service.stop().then(() => { stopped = true; });
    finish?.();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(stopped).toBe(false);
    expect(service.state).toBe('stopping');

    server.down = false;
    await advanceUntil(() => stopped);
    expect(service.state).toBe('stopped');
    expect(server.task(first.id)).toMatchObject({ status: BatchTaskStatus.Completed, resultMessage: 'finished' });
    expect(server.task(second.id).status).toBe(BatchTaskStatus.Pending);
    expect(service.activeTimerCount).toBe(0);
    await service.dispose();
  });

  it('dispose() aborts the handler, reports the undelivered result as abandoned and leaves no timer armed', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('long', 'FileProcessing');
    let signal: AbortSignal | undefined;
    const handler: TaskHandler = async (_task, context) => {
      signal = context.signal;
      const finished = await context.delay(60_000);
      return { status: finished ? 'Completed' : 'Failed', resultMessage: finished ? 'done' : 'interrupted' };
    };
    const service = new TaskExecutionService(server, node, { ...options, handlers: { FileProcessing: handler } });
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => signal !== undefined);
    expect(vi.getTimerCount()).toBeGreaterThan(0);

    await service.dispose();
    expect(signal?.aborted).toBe(true);
    expect(names(events, ['taskClaimed', 'deliveryAbandoned'])).toEqual(['taskClaimed', 'deliveryAbandoned']);
    expect(events.at(-1)).toMatchObject({ taskId: task.id, status: 'Failed', resultMessage: 'interrupted' });
    expect(service.activeTimerCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(service.state).toBe('disposed');
    expect(server.task(task.id)).toMatchObject({ status: BatchTaskStatus.Running, resultMessage: 'Running on node node-a' });
    await service.dispose();
  });

  it('dispose() stops waiting for a call that never answers', async () => {
    const server = new FakeTaskServer();
    vi.spyOn(server, 'registerNode').mockReturnValue(new Promise(() => undefined));
    const service = new TaskExecutionService(server, node, options);
    service.start();
    await vi.advanceTimersByTimeAsync(10);
    await service.dispose();
    expect(service.state).toBe('disposed');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses start() after dispose() with a typed error', async () => {
    const service = new TaskExecutionService(new FakeTaskServer(), node, options);
    await service.dispose();
    const error = thrown(() => service.start());
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(String(error)).toContain('disposed');
  });

  it('starts again after stop()', async () => {
    const server = new FakeTaskServer();
    const service = new TaskExecutionService(server, node, options);
    service.start();
    await service.stop();
    const task = server.seed('later', 'HelloWorld');
    service.start();
    await advanceUntil(() => service.counters.completed === 1);
    expect(server.task(task.id).status).toBe(BatchTaskStatus.Completed);
    await service.dispose();
  });

  it('sends a heartbeat every interval, and registers again when the server no longer knows the node', async () => {
    const server = new FakeTaskServer();
    const service = new TaskExecutionService(server, node, options);
    const events = recordEvents(service);
    service.start();
    await advanceUntil(() => events.some((e) => e.name === 'registered'));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(server.heartbeats).toBe(3);

    server.nodes.clear();
    await vi.advanceTimersByTimeAsync(1_000 + 200);
    expect(names(events, ['registered'])).toEqual(['registered', 'registered']);
    expect(server.nodes.has('node-a')).toBe(true);
    await service.dispose();
  });

  it('releases a lock whose release could not reach the server before it claims the next task', async () => {
    const server = new FakeTaskServer();
    server.seed('locks', 'FileProcessing');
    const handler: TaskHandler = async (_task, context) => {
      await context.acquireFileLock('D:/shared.bin');
      server.down = true;
      return { status: 'Completed', resultMessage: 'wrote' };
    };
    const service = new TaskExecutionService(server, node, { ...options, handlers: { FileProcessing: handler } });
    service.start();
    await advanceUntil(() => service.counters.deliveryAttempts >= 2);
    expect(server.locks.get('D:/shared.bin')).toBe('node-a');

    server.down = false;
    await advanceUntil(() => server.locks.size === 0);
    expect(service.counters.completed).toBe(1);
    await service.dispose();
  });

  it('keeps running when a listener throws, and stops calling a listener once unsubscribed', async () => {
    const server = new FakeTaskServer();
    server.seed('a', 'HelloWorld');
    server.seed('b', 'HelloWorld');
    const warnings: string[] = [];
    const service = new TaskExecutionService(server, node, {
      ...options, logger: { debug: () => undefined, info: () => undefined, warn: (m: string) => warnings.push(m) },
    });
    service.on('taskClaimed', () => {
      throw new Error('listener bug');
    });
    const seen: number[] = [];
    const unsubscribe = service.on('taskCompleted', (e) => {
      seen.push(e.taskId);
      unsubscribe();
    });
    service.start();
    await advanceUntil(() => service.counters.completed === 2);
    expect(seen).toEqual([1]);
    expect(warnings.filter((w) => w.includes('taskClaimed listener threw: listener bug'))).toHaveLength(2);
    await service.dispose();
  });
});

describe('TaskExecutionService: options', () => {
  it.each([
    [{ pollIntervalMs: 0 }, 'pollIntervalMs'],
    [{ heartbeatIntervalMs: Number.NaN }, 'heartbeatIntervalMs'],
    [{ deliveryBackoff: { initialDelayMs: 500, maxDelayMs: 100 } }, 'deliveryBackoff.maxDelayMs'],
    [{ handlers: { Painting: () => Promise.resolve({ status: 'Completed' as const, resultMessage: '' }) } }, 'handlers.Painting'],
  ] as [TaskExecutionServiceOptions, string][])('rejects %j naming %s', (bad, argument) => {
    const error = thrown(() => new TaskExecutionService(new FakeTaskServer(), node, bad));
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error).toMatchObject({ argument });
  });

  it('rejects a node without an id', () => {
    const error = thrown(() => new TaskExecutionService(new FakeTaskServer(), { id: ' ', name: 'x' }));
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', argument: 'node.id' });
  });
});
