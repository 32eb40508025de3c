import { describe, expect, it } from 'vitest';
import type { FileLockDto } from '../../../src/server/index.js';
import { serve, testClock } from './support/testServer.js';

const path = 'D:/captures/scan-01';

describe('file locks: acquire, release, list, reset', () => {
  it('acquires a free path with 204 and lists the lock', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    const acquired = await api.post('/api/filelocks/acquire', { filePath: path, nodeId: 'a' });
    expect(acquired.status).toBe(204);
    expect(acquired.text).toBe('');
    expect((await api.get('/api/filelocks')).json()).toEqual([
      { id: 1, filePath: path, lockingNodeId: 'a', acquiredAt: '2025-01-01T00:00:00.000Z', lastUpdatedAt: '2025-01-01T00:00:00.000Z' },
    ]);
  });

  it('lets the owner acquire again (204), refreshing lastUpdatedAt', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    await api.post('/api/filelocks/acquire', { filePath: path, nodeId: 'a' });
    clock.advance(2000);
    expect((await api.post('/api/filelocks/acquire', { filePath: path, nodeId: 'a' })).status).toBe(204);
    const [lock] = (await api.get('/api/filelocks')).json<FileLockDto[]>();
    expect(lock).toMatchObject({ acquiredAt: '2025-01-01T00:00:00.000Z', lastUpdatedAt: '2025-01-01T00:00:02.000Z' });
  });

  it('answers 409 when another node holds the path, and keeps the owner', async () => {
    const { api } = await serve();
    await api.post('/api/filelocks/acquire', { filePath: path, nodeId: 'a' });
    const taken = await api.post('/api/filelocks/acquire', { filePath: path, nodeId: 'b' });
    expect(taken.status).toBe(409);
    expect(taken.json()).toEqual({ message: `File ${path} is locked by node a`, lockingNodeId: 'a' });
    expect((await api.get('/api/filelocks')).json<FileLockDto[]>().map((l) => l.lockingNodeId)).toEqual(['a']);
  });

  it('releases the owner\'s lock with 204, after which another node can take the path', async () => {
    const { api } = await serve();
    await api.post('/api/filelocks/acquire', { filePath: path, nodeId: 'a' });
    expect((await api.post('/api/filelocks/release', { filePath: path, nodeId: 'a' })).status).toBe(204);
    expect((await api.get('/api/filelocks')).json()).toEqual([]);
    expect((await api.post('/api/filelocks/acquire', { filePath: path, nodeId: 'b' })).status).toBe(204);
  });

  it('answers 400 to a release by a node that does not hold the lock, and keeps the lock', async () => {
    const { api } = await serve();
    await api.post('/api/filelocks/acquire', { filePath: path, nodeId: 'a' });
    const refused = await api.post('/api/filelocks/release', { filePath: path, nodeId: 'b' });
    expect(refused.status).toBe(400);
    expect(refused.json()).toEqual({ message: `File ${path} is locked by node a, not by b` });
    expect((await api.get('/api/filelocks')).json()).toHaveLength(1);
  });

  it('answers 400 to a release of a path nobody holds', async () => {
    const { api } = await serve();
    const refused = await api.post('/api/filelocks/release', { filePath: path, nodeId: 'a' });
    expect(refused.status).toBe(400);
    expect(refused.json()).toEqual({ message: `File ${path} is not locked` });
  });

  it('resets every lock and says how many it released', async () => {
    const { api } = await serve();
    await api.post('/api/filelocks/acquire', { filePath: 'p1', nodeId: 'a' });
    await api.post('/api/filelocks/acquire', { filePath: 'p2', nodeId: 'b' });
    const reset = await api.post('/api/filelocks/reset');
    expect(reset.status).toBe(200);
    expect(reset.json()).toEqual({ releasedCount: 2 });
    expect((await api.get('/api/filelocks')).json()).toEqual([]);
  });

  it.each([
    ['no nodeId', { filePath: path }, "must have required property 'nodeId'"],
    ['an empty filePath', { filePath: '', nodeId: 'a' }, 'must NOT have fewer than 1 characters'],
    ['no body at all', undefined, 'body must be object'],
  ])('rejects an acquire with %s with 400', async (_case, body, reason) => {
    const { api } = await serve();
    const answer = await api.post('/api/filelocks/acquire', body);
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string }>().message).toContain(reason);
  });
});
