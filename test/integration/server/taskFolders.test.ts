import { describe, expect, it } from 'vitest';
import type { BatchTaskDto, TaskFolderProgressDto } from '../../../src/server/index.js';
import type { Client } from './support/http.js';
import { serve, testClock } from './support/testServer.js';

async function newTaskId(api: Client): Promise<number> {
  return (await api.post('/api/tasks', { name: 'volume', type: 'VolumeCompression' })).json<BatchTaskDto>().id;
}

describe('task folders', () => {
  it('creates a folder with 201 (name from its path, Pending, progress 0) and lists it under its task', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    const taskId = await newTaskId(api);
    const created = await api.post(`/api/tasks/${taskId}/folders`, { folderPath: 'D:\\scans\\set-07' });
    expect(created.status).toBe(201);
    const folder = created.json<TaskFolderProgressDto>();
    expect(folder).toEqual({
      id: folder.id, taskId, folderPath: 'D:\\scans\\set-07', folderName: 'set-07', status: 0, assignedNodeId: null,
      assignedNodeName: null, createdAt: '2025-01-01T00:00:00.000Z', startedAt: null, completedAt: null,
      errorMessage: null, progress: 0, outputPath: null,
    });
    expect((await api.get(`/api/tasks/${taskId}/folders`)).json()).toEqual([folder]);
  });

  it('moves a folder InProgress then Completed, recording node, progress, times and output', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    const taskId = await newTaskId(api);
    const folder = (await api.post(`/api/tasks/${taskId}/folders`, { folderPath: '/data/a', folderName: 'A' })).json<TaskFolderProgressDto>();
    clock.advance(1000);
    const started = await api.put(`/api/taskfolders/${folder.id}/status`, { status: 'InProgress', nodeId: 'n1', nodeName: 'One', progress: 12.5 });
    expect(started.status).toBe(200);
    expect(started.json()).toMatchObject({ status: 1, assignedNodeId: 'n1', assignedNodeName: 'One', progress: 12.5, startedAt: '2025-01-01T00:00:01.000Z' });
    clock.advance(1000);
    const done = await api.put(`/api/taskfolders/${folder.id}/status`, { status: 2, progress: 100, outputPath: '/out/a' });
    expect(done.json()).toMatchObject({
      status: 2, progress: 100, outputPath: '/out/a', assignedNodeId: 'n1',
      startedAt: '2025-01-01T00:00:01.000Z', completedAt: '2025-01-01T00:00:02.000Z',
    });
  });

  it('records the error of a Failed folder', async () => {
    const { api } = await serve();
    const taskId = await newTaskId(api);
    const folder = (await api.post(`/api/tasks/${taskId}/folders`, { folderPath: '/data/b' })).json<TaskFolderProgressDto>();
    const failed = await api.put(`/api/taskfolders/${folder.id}/status`, { status: 'failed', progress: 40, errorMessage: 'corrupt' });
    expect(failed.json()).toMatchObject({ status: 3, errorMessage: 'corrupt', progress: 40 });
  });

  it('deletes every folder of a task and says how many', async () => {
    const { api } = await serve();
    const taskId = await newTaskId(api);
    const other = await newTaskId(api);
    await api.post(`/api/tasks/${taskId}/folders`, { folderPath: '/a' });
    await api.post(`/api/tasks/${taskId}/folders`, { folderPath: '/b' });
    await api.post(`/api/tasks/${other}/folders`, { folderPath: '/c' });
    const deleted = await api.delete(`/api/tasks/${taskId}/folders`);
    expect(deleted.status).toBe(200);
    expect(deleted.json()).toEqual({ deletedCount: 2 });
    expect((await api.get(`/api/tasks/${taskId}/folders`)).json()).toEqual([]);
    expect((await api.get(`/api/tasks/${other}/folders`)).json()).toHaveLength(1);
  });

  it('answers 404 for folders of a missing task and for a missing folder', async () => {
    const { api } = await serve();
    expect((await api.get('/api/tasks/5/folders')).status).toBe(404);
    expect((await api.post('/api/tasks/5/folders', { folderPath: '/a' })).status).toBe(404);
    expect((await api.delete('/api/tasks/5/folders')).status).toBe(404);
    const missing = await api.put('/api/taskfolders/77/status', { status: 1, progress: 1 });
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ message: 'Task folder 77 not found' });
  });

  it.each([
    ['a progress above 100', { status: 1, progress: 101 }, 'must be <= 100'],
    ['no progress', { status: 1 }, "must have required property 'progress'"],
    ['an unknown status', { status: 'Paused', progress: 1 }, 'status must be one of Pending (0), InProgress (1)'],
  ])('rejects a folder status update with %s with 400', async (_case, body, reason) => {
    const { api } = await serve();
    const taskId = await newTaskId(api);
    const folder = (await api.post(`/api/tasks/${taskId}/folders`, { folderPath: '/a' })).json<TaskFolderProgressDto>();
    const answer = await api.put(`/api/taskfolders/${folder.id}/status`, body);
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string }>().message).toContain(reason);
    expect((await api.get(`/api/tasks/${taskId}/folders`)).json()).toEqual([folder]);
  });

  it('rejects a new folder whose body taskId differs from the path with 400', async () => {
    const { api } = await serve();
    const taskId = await newTaskId(api);
    const answer = await api.post(`/api/tasks/${taskId}/folders`, { taskId: taskId + 1, folderPath: '/a' });
    expect(answer.status).toBe(400);
  });
});
