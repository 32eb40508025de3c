import { describe, expect, it } from 'vitest';
import { serve } from './support/testServer.js';

describe('bad requests', () => {
  it('answers a body that is not JSON with 400 and the parser\'s reason', async () => {
    const { api } = await serve();
    const answer = await api.call('POST', '/api/tasks', { rawBody: '{"name": "x"' });
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string }>().message).toMatch(/^The request body is not valid JSON: /);
  });

  it('answers a JSON array where an object belongs with 400', async () => {
    const { api } = await serve();
    const answer = await api.call('POST', '/api/nodes/register', { rawBody: '[]' });
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({ message: 'body must be object', errors: { $: ['must be object'] } });
  });

  it('answers a body of another media type with 415', async () => {
    const { api } = await serve();
    const answer = await api.call('POST', '/api/tasks', { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(answer.status).toBe(415);
  });

  it('accepts an empty JSON body where none is needed (heartbeat, reset)', async () => {
    const { api } = await serve();
    await api.post('/api/nodes/register', { id: 'n' });
    expect((await api.call('POST', '/api/nodes/n/heartbeat', { rawBody: '' })).status).toBe(200);
    expect((await api.call('POST', '/api/filelocks/reset', { rawBody: '' })).status).toBe(200);
  });

  it('reports every problem of a body at once, keyed by JSON path', async () => {
    const { api } = await serve();
    const answer = await api.post('/api/filelocks/acquire', { filePath: 3 });
    expect(answer.status).toBe(400);
    expect(answer.json<{ errors: Record<string, string[]> }>().errors).toEqual({
      '$.nodeId': ["must have required property 'nodeId'"],
      '$.filePath': ['must be string'],
    });
  });

  it('does not coerce types: a numeric string is not a number', async () => {
    const { api } = await serve();
    const task = (await api.post('/api/tasks', { name: 't' })).json<{ id: number }>();
    const folder = await api.post(`/api/tasks/${task.id}/folders`, { folderPath: '/a', progress: '50' });
    expect(folder.status).toBe(400);
    expect(folder.json<{ message: string }>().message).toContain('body/progress must be number');
  });

  it('answers an unknown route with 404', async () => {
    const { api } = await serve();
    const answer = await api.get('/api/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.json()).toEqual({ message: 'No route for GET /api/nothing-here' });
  });
});

describe('errorStyle "aspnet": answers like the real ASP.NET server', () => {
  it('writes a validation failure as application/problem+json with errors and a traceId', async () => {
    const { api } = await serve({ errorStyle: 'aspnet' });
    const answer = await api.post('/api/tasks', {});
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const problem = answer.json<Record<string, unknown>>();
    expect(problem).toMatchObject({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { '$.name': ["must have required property 'name'"] },
    });
    expect(problem.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('writes a refusal with a reason (release by a non-owner) as plain text', async () => {
    const { api } = await serve({ errorStyle: 'aspnet' });
    await api.post('/api/filelocks/acquire', { filePath: 'p', nodeId: 'a' });
    const answer = await api.post('/api/filelocks/release', { filePath: 'p', nodeId: 'b' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(answer.text).toBe('File p is locked by node a, not by b');
  });

  it('writes a 404 as problem+json titled Not Found', async () => {
    const { api } = await serve({ errorStyle: 'aspnet' });
    const answer = await api.get('/api/tasks/3');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(answer.json()).toMatchObject({ title: 'Not Found', status: 404, type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5' });
  });

  it('keeps a concurrency conflict as JSON {message, currentTask}', async () => {
    const { api } = await serve({ errorStyle: 'aspnet' });
    const task = (await api.post('/api/tasks', { name: 't' })).json<{ id: number; rowVersion: string }>();
    await api.put(`/api/tasks/${task.id}/status`, { status: 1 });
    const answer = await api.put(`/api/tasks/${task.id}/status`, { status: 2, rowVersion: task.rowVersion });
    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.json()).toMatchObject({ currentTask: { id: task.id, status: 1 } });
  });
});
