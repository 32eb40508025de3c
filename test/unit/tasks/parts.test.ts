import { describe, expect, it } from 'vitest';
import { BatchTaskStatus, TaskType } from '../../../src/api/models/index.js';
import type { BatchTask } from '../../../src/api/models/index.js';
import { backoffDelay } from '../../../src/tasks/backoff.js';
import { judgeClaim } from '../../../src/tasks/claimTask.js';
import { judgeDelivery } from '../../../src/tasks/deliverResult.js';
import type { PendingDelivery } from '../../../src/tasks/deliverResult.js';
import { assignedNodes, findWork } from '../../../src/tasks/findWork.js';
import { helloWorldHandler, testMessageHandler } from '../../../src/tasks/handlers/index.js';
import { isLinkFailure } from '../../../src/tasks/linkFailure.js';
import { runHandler } from '../../../src/tasks/runHandler.js';
import type { TaskContext } from '../../../src/tasks/types.js';
import { BrokenCircuitError, HttpStatusError, InvalidResponseError, NetworkError, OperationTimeoutError } from '../../../src/errors/index.js';

const marker = 'Running on node n1';

function task(id: number, extra: Partial<BatchTask> = {}): BatchTask {
  return {
    id, name: `t${id}`, type: TaskType.HelloWorld, status: BatchTaskStatus.Pending, assignedNodeId: null,
    assignedNodeIds: '[]', createdAt: '2025-01-01T00:00:00Z', startedAt: null, completedAt: null, parameters: null,
    resultMessage: null, rowVersion: 'AAAAAAAAAAE=', ...extra,
  };
}

const context = { node: { id: 'n1', name: 'One' }, delay: () => Promise.resolve(true) } as unknown as TaskContext;

describe('findWork', () => {
  it('orders its own leftover Running tasks, then tasks assigned to it, then unassigned ones, each by id', () => {
    const tasks = [
      task(5), task(4, { assignedNodeIds: '["n2","n1"]' }), task(3, { status: BatchTaskStatus.Running, resultMessage: marker }),
      task(2, { assignedNodeId: 'n2' }), task(1), task(6, { status: BatchTaskStatus.Running, resultMessage: 'Running on node n2' }),
      task(7, { status: BatchTaskStatus.Completed }),
    ];
    expect(findWork(tasks, 'n1', marker).map((c) => [c.task.id, c.adopted])).toEqual([[3, true], [4, false], [1, false], [5, false]]);
  });

  it('reads a malformed assignedNodeIds as nobody', () => {
    expect(assignedNodes(task(1, { assignedNodeIds: 'not json', assignedNodeId: 'n3' }))).toEqual(['n3']);
    expect(assignedNodes(task(1, { assignedNodeIds: '{"a":1}' }))).toEqual([]);
  });
});

describe('judging answers', () => {
  const delivery: PendingDelivery = { taskId: 1, status: 'Completed', resultMessage: 'ok', rowVersion: 'x', marker, attempts: 1 };

  it('counts a claim as ours only when the task is Running with our marker', () => {
    expect(judgeClaim(task(1, { status: BatchTaskStatus.Running, resultMessage: marker }), marker).kind).toBe('claimed');
    expect(judgeClaim(task(1, { status: BatchTaskStatus.Running, resultMessage: 'Running on node n2' }), marker).kind).toBe('conflict');
    expect(judgeClaim(null, marker).kind).toBe('conflict');
  });

  it('tells delivered, still ours, and superseded apart', () => {
    expect(judgeDelivery(task(1, { status: BatchTaskStatus.Completed, resultMessage: 'ok' }), delivery)).toEqual({ kind: 'delivered' });
    expect(judgeDelivery(task(1, { status: BatchTaskStatus.Running, resultMessage: marker, rowVersion: 'new' }), delivery))
      .toEqual({ kind: 'stillOurs', rowVersion: 'new' });
    expect(judgeDelivery(task(1, { status: BatchTaskStatus.Completed, resultMessage: 'someone else' }), delivery))
      .toEqual({ kind: 'superseded', currentStatus: BatchTaskStatus.Completed });
    expect(judgeDelivery(null, delivery)).toEqual({ kind: 'superseded', currentStatus: null });
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap', () => {
    const backoff = { initialDelayMs: 250, maxDelayMs: 3_000 };
    expect([1, 2, 3, 4, 5, 6, 100].map((n) => backoffDelay(n, backoff))).toEqual([250, 500, 1000, 2000, 3000, 3000, 3000]);
  });
});

describe('isLinkFailure', () => {
  it('counts unreachable and overloaded servers as a down link, and a 4xx or a bad answer as a link that is up', () => {
    expect(isLinkFailure(new NetworkError('getTasks', 'ECONNREFUSED', 'refused', true))).toBe(true);
    expect(isLinkFailure(new OperationTimeoutError('getTasks', 1000))).toBe(true);
    expect(isLinkFailure(new BrokenCircuitError(5000, 'getTasks'))).toBe(true);
    expect(isLinkFailure(new HttpStatusError('getTasks', 503, ''))).toBe(true);
    expect(isLinkFailure(new HttpStatusError('getTasks', 400, 'bad'))).toBe(false);
    expect(isLinkFailure(new InvalidResponseError('getTasks', 'malformedJson', 'bad json'))).toBe(false);
    expect(isLinkFailure(new Error('plain'))).toBe(false);
  });
});

describe('built-in handlers', () => {
  it('HelloWorld greets from the node', async () => {
    expect(await helloWorldHandler()(task(9), context)).toEqual({ status: 'Completed', resultMessage: 'Hello, World! from One (task 9)' });
  });

  it('TestMessage echoes parameters.message and fails clearly on parameters it cannot read', async () => {
    const run = (parameters: string | null) => testMessageHandler()(task(2, { type: TaskType.TestMessage, parameters }), context);
    expect(await run('{"message":"ping"}')).toEqual({ status: 'Completed', resultMessage: 'Test message from One: ping' });
    expect(await run(null)).toEqual({ status: 'Completed', resultMessage: 'Test message from One: hello from One' });
    expect(await run('{oops')).toEqual({ status: 'Failed', resultMessage: 'TestMessage task 2: parameters are not JSON: "{oops"' });
    expect(await run('{"message":42}')).toEqual({ status: 'Failed', resultMessage: 'TestMessage task 2: parameters.message must be a string, got number' });
  });

  it('a handler answering something that is not an outcome fails the task saying so', async () => {
    const outcome = await runHandler(() => Promise.resolve({ status: 'Done' } as never), task(3), context);
    expect(outcome.status).toBe('Failed');
    expect(outcome.resultMessage).toContain('returned {"status":"Done"}');
  });
});
