import { describe, expect, it } from 'vitest';
import type { BatchTaskDto } from '../../../src/server/index.js';
import { serve, testClock } from './support/testServer.js';

describe('tasks: GET/POST api/tasks, GET api/tasks/{id}', () => {
  it('creates a Pending task with 201, a Location, server-set fields, and lists and reads it back', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    const created = await api.post('/api/tasks', { name: 'thumbs', type: 3, parameters: '{"dir":"C:/x"}' });
    expect(created.status).toBe(201);
    const task = created.json<BatchTaskDto>();
    expect(created.headers.get('location')).toBe(`/api/tasks/${task.id}`);
    expect(task).toMatchObject({
      name: 'thumbs', type: 3, status: 0, assignedNodeId: null, assignedNodeIds: '[]', parameters: '{"dir":"C:/x"}',
      createdAt: '2025-01-01T00:00:00.000Z', startedAt: null, completedAt: null, resultMessage: null,
    });
    expect(Buffer.from(task.rowVersion, 'base64')).toHaveLength(8);

    const list = await api.get('/api/tasks');
    expect(list.status).toBe(200);
    expect(list.json<BatchTaskDto[]>()).toEqual([task]);
    expect((await api.get(`/api/tasks/${task.id}`)).json()).toEqual(task);
  });

  it('reads enum names in any case and PascalCase property names, and writes enums as numbers', async () => {
    const { api } = await serve();
    const created = await api.post('/api/tasks', { Name: 'render', Type: 'realitycapture', Status: 'PENDING' });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({ name: 'render', type: 5, status: 0 });
  });

  it('writes enums as names when configured like a server with a string-enum converter', async () => {
    const { api } = await serve({ enumOutput: 'names' });
    const created = await api.post('/api/tasks', { name: 'pkg', type: 6 });
    expect(created.json()).toMatchObject({ type: 'PackageTask', status: 'Pending' });
  });

  it('answers 404 for a task that does not exist and 400 for an id that is not an int', async () => {
    const { api } = await serve();
    const missing = await api.get('/api/tasks/42');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ message: 'Task 42 not found' });
    expect((await api.get('/api/tasks/abc')).status).toBe(400);
    const tooBig = await api.get('/api/tasks/9999999999');
    expect(tooBig.status).toBe(400);
    expect(tooBig.json<{ message: string }>().message).toContain('must be an int');
  });

  it.each([
    ['no name', {}, "must have required property 'name'"],
    ['a numeric name', { name: 5 }, 'must be string'],
    ['an empty name', { name: '' }, 'must NOT have fewer than 1 characters'],
    ['an unknown type name', { name: 'x', type: 'Juggling' }, 'type must be one of Unknown (0)'],
    ['a type out of range', { name: 'x', type: 99 }, 'type must be one of'],
    ['a non-Pending status', { name: 'x', status: 'Running' }, 'must be Pending'],
    ['assignedNodeIds that is not a JSON array', { name: 'x', assignedNodeIds: '{"a":1}' }, 'assignedNodeIds must be a JSON array'],
    ['parameters that are not a string', { name: 'x', parameters: { a: 1 } }, 'must be string,null'],
  ])('rejects a task with %s with 400 and a reason', async (_case, body, reason) => {
    const { api } = await serve();
    const answer = await api.post('/api/tasks', body);
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string }>().message).toContain(reason);
    expect((await api.get('/api/tasks')).json()).toEqual([]);
  });

  it('adds the assignedNodeId of a new task to its assignedNodeIds', async () => {
    const { api } = await serve();
    const created = await api.post('/api/tasks', { name: 'x', assignedNodeId: 'n2', assignedNodeIds: '["n1"]' });
    expect(created.json()).toMatchObject({ assignedNodeId: 'n2', assignedNodeIds: '["n1","n2"]' });
  });
});
