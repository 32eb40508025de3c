import { describe, expect, it } from 'vitest';
import type { BatchTaskDto } from '../../../src/server/index.js';
import type { Client } from './support/http.js';
import { serve, testClock } from './support/testServer.js';

async function newTask(api: Client): Promise<BatchTaskDto> {
  return (await api.post('/api/tasks', { name: 'job', type: 'HelloWorld' })).json<BatchTaskDto>();
}

describe('task status: PUT api/tasks/{id}/status', () => {
  it('claims a Pending task with the rowVersion it read, stamping startedAt and changing rowVersion', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    const task = await newTask(api);
    clock.advance(5000);
    const claimed = await api.put(`/api/tasks/${task.id}/status`, { status: 'Running', rowVersion: task.rowVersion });
    expect(claimed.status).toBe(200);
    const running = claimed.json<BatchTaskDto>();
    expect(running).toMatchObject({ status: 1, startedAt: '2025-01-01T00:00:05.000Z', completedAt: null });
    expect(running.rowVersion).not.toBe(task.rowVersion);
  });

  it('answers a stale rowVersion with 409 {message, currentTask} and leaves the task as the winner set it', async () => {
    const { api } = await serve();
    const task = await newTask(api);
    const winner = await api.put(`/api/tasks/${task.id}/status`, { status: 1, rowVersion: task.rowVersion });
    const loser = await api.put(`/api/tasks/${task.id}/status`, { status: 1, rowVersion: task.rowVersion, resultMessage: 'mine' });
    expect(loser.status).toBe(409);
    const body = loser.json<{ message: string; currentTask: BatchTaskDto }>();
    expect(body.message).toContain('changed since you read it');
    expect(body.currentTask).toEqual(winner.json());
    expect((await api.get(`/api/tasks/${task.id}`)).json()).toEqual(winner.json());
  });

  it('completes a Running task with a result message and completedAt', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    const task = await newTask(api);
    await api.put(`/api/tasks/${task.id}/status`, { status: 'Running' });
    clock.advance(60_000);
    const done = await api.put(`/api/tasks/${task.id}/status`, { status: 'completed', resultMessage: 'ok' });
    expect(done.json()).toMatchObject({ status: 2, resultMessage: 'ok', completedAt: '2025-01-01T00:01:00.000Z' });
  });

  it('refuses to move a Completed task back to Running with 409 and the current task', async () => {
    const { api } = await serve();
    const task = await newTask(api);
    await api.put(`/api/tasks/${task.id}/status`, { status: 'Running' });
    const completed = (await api.put(`/api/tasks/${task.id}/status`, { status: 'Completed' })).json<BatchTaskDto>();
    const back = await api.put(`/api/tasks/${task.id}/status`, { status: 'Running' });
    expect(back.status).toBe(409);
    expect(back.json()).toEqual({ message: `Task ${task.id}: a Completed task cannot move to Running`, currentTask: completed });
  });

  it('re-queues a Failed task to Pending, clearing its times', async () => {
    const { api } = await serve();
    const task = await newTask(api);
    await api.put(`/api/tasks/${task.id}/status`, { status: 'Running' });
    await api.put(`/api/tasks/${task.id}/status`, { status: 'Failed', resultMessage: 'disk full' });
    const requeued = await api.put(`/api/tasks/${task.id}/status`, { status: 'Pending' });
    expect(requeued.status).toBe(200);
    expect(requeued.json()).toMatchObject({ status: 0, startedAt: null, completedAt: null, resultMessage: 'disk full' });
  });

  it('takes a new rowVersion on every update, even one that repeats the status', async () => {
    const { api } = await serve();
    const task = await newTask(api);
    const first = (await api.put(`/api/tasks/${task.id}/status`, { status: 'Running' })).json<BatchTaskDto>();
    const second = (await api.put(`/api/tasks/${task.id}/status`, { status: 'Running', resultMessage: '50%' })).json<BatchTaskDto>();
    expect(new Set([task.rowVersion, first.rowVersion, second.rowVersion]).size).toBe(3);
    expect(second.startedAt).toBe(first.startedAt);
  });

  it.each([
    ['no status', {}, "must have required property 'status'"],
    ['an unknown status', { status: 'Paused' }, 'status must be one of Pending (0)'],
    ['a rowVersion that is not base64 of 8 bytes', { status: 1, rowVersion: 'abc' }, 'rowVersion must be base64 of 8 bytes'],
  ])('rejects %s with 400', async (_case, body, reason) => {
    const { api } = await serve();
    const task = await newTask(api);
    const answer = await api.put(`/api/tasks/${task.id}/status`, body);
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string }>().message).toContain(reason);
    expect((await api.get(`/api/tasks/${task.id}`)).json()).toEqual(task);
  });

  it('answers 404 for a missing task', async () => {
    const { api } = await serve();
    expect((await api.put('/api/tasks/7/status', { status: 1 })).status).toBe(404);
  });
});

describe('task assignment: PUT api/tasks/{id}/assign/{nodeId}', () => {
  it('sets assignedNodeId, adds each node once to assignedNodeIds and changes rowVersion', async () => {
    const { api } = await serve();
    await api.post('/api/nodes/register', { id: 'n1', name: 'one' });
    await api.post('/api/nodes/register', { id: 'n2', name: 'two' });
    const task = await newTask(api);
    await api.put(`/api/tasks/${task.id}/assign/n1`);
    await api.put(`/api/tasks/${task.id}/assign/n2`);
    const again = await api.put(`/api/tasks/${task.id}/assign/n1`);
    expect(again.status).toBe(200);
    const assigned = again.json<BatchTaskDto>();
    expect(assigned).toMatchObject({ assignedNodeId: 'n1', assignedNodeIds: '["n1","n2"]', status: 0 });
    expect(assigned.rowVersion).not.toBe(task.rowVersion);
  });

  it('answers 404 for an unregistered node or a missing task', async () => {
    const { api } = await serve();
    const task = await newTask(api);
    const noNode = await api.put(`/api/tasks/${task.id}/assign/ghost`);
    expect(noNode.status).toBe(404);
    expect(noNode.json()).toEqual({ message: 'Node ghost is not registered' });
    await api.post('/api/nodes/register', { id: 'n1' });
    expect((await api.put('/api/tasks/99/assign/n1')).status).toBe(404);
  });

  it('refuses to assign a Cancelled task with 409', async () => {
    const { api } = await serve();
    await api.post('/api/nodes/register', { id: 'n1' });
    const task = await newTask(api);
    await api.put(`/api/tasks/${task.id}/status`, { status: 'Cancelled' });
    const answer = await api.put(`/api/tasks/${task.id}/assign/n1`);
    expect(answer.status).toBe(409);
    expect(answer.json()).toMatchObject({ currentTask: { id: task.id, status: 4, assignedNodeId: null } });
  });
});
