import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BatchTaskDto } from '../../../src/server/index.js';
import { storedKeys } from './support/inspectDb.js';
import { serve, tempDir, testClock } from './support/testServer.js';

const HOUR = 60 * 60 * 1000;
const key = (value: string) => ({ 'Idempotency-Key': value });

describe('Idempotency-Key on POST and PUT', () => {
  it('answers a repeated POST with the same key and body with the first answer, creating one task', async () => {
    const { api } = await serve();
    const first = await api.post('/api/tasks', { name: 'once', type: 1 }, key('create-1'));
    const again = await api.post('/api/tasks', { name: 'once', type: 1 }, key('create-1'));
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect((await api.get('/api/tasks')).json()).toHaveLength(1);
  });

  it('treats a body with the same values in another key order as the same request', async () => {
    const { api } = await serve();
    await api.post('/api/tasks', { name: 'once', type: 1 }, key('k'));
    const again = await api.post('/api/tasks', { type: 1, name: 'once' }, key('k'));
    expect(again.status).toBe(201);
    expect((await api.get('/api/tasks')).json()).toHaveLength(1);
  });

  it('replays a PUT status under its key instead of applying it again (which would now be a 409)', async () => {
    const { api } = await serve();
    const task = (await api.post('/api/tasks', { name: 't' })).json<BatchTaskDto>();
    const claim = { status: 'Running', rowVersion: task.rowVersion };
    const first = await api.put(`/api/tasks/${task.id}/status`, claim, key('claim-1'));
    const again = await api.put(`/api/tasks/${task.id}/status`, claim, key('claim-1'));
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect((await api.get(`/api/tasks/${task.id}`)).json()).toEqual(first.json());
    const withoutKey = await api.put(`/api/tasks/${task.id}/status`, claim);
    expect(withoutKey.status).toBe(409);
  });

  it('answers the same key with another body with 422 and changes nothing', async () => {
    const { api } = await serve();
    await api.post('/api/tasks', { name: 'first' }, key('reused'));
    const clash = await api.post('/api/tasks', { name: 'second' }, key('reused'));
    expect(clash.status).toBe(422);
    expect(clash.json<{ message: string }>().message).toContain('Idempotency-Key "reused" was already used for a different request');
    expect((await api.get('/api/tasks')).json<BatchTaskDto[]>().map((t) => t.name)).toEqual(['first']);
  });

  it('answers the same key on another path with 422', async () => {
    const { api } = await serve();
    await api.post('/api/filelocks/acquire', { filePath: 'p', nodeId: 'a' }, key('k'));
    const clash = await api.post('/api/filelocks/release', { filePath: 'p', nodeId: 'a' }, key('k'));
    expect(clash.status).toBe(422);
    expect((await api.get('/api/filelocks')).json()).toHaveLength(1);
  });

  it('replays a refusal the route decided (409 lock held) under its key', async () => {
    const { api } = await serve();
    await api.post('/api/filelocks/acquire', { filePath: 'p', nodeId: 'a' });
    const refused = await api.post('/api/filelocks/acquire', { filePath: 'p', nodeId: 'b' }, key('b-try'));
    await api.post('/api/filelocks/release', { filePath: 'p', nodeId: 'a' });
    const again = await api.post('/api/filelocks/acquire', { filePath: 'p', nodeId: 'b' }, key('b-try'));
    expect(refused.status).toBe(409);
    expect(again.status).toBe(409);
    expect(again.text).toBe(refused.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await api.get('/api/filelocks')).json()).toEqual([]);
  });

  it('does not store an answer to a body the schema rejected, so the key stays usable', async () => {
    const { api } = await serve();
    expect((await api.post('/api/tasks', { name: 5 }, key('k'))).status).toBe(400);
    expect((await api.post('/api/tasks', { name: 'fixed' }, key('k'))).status).toBe(201);
  });

  it('runs requests with different keys separately', async () => {
    const { api } = await serve();
    await api.post('/api/tasks', { name: 'same' }, key('a'));
    await api.post('/api/tasks', { name: 'same' }, key('b'));
    expect((await api.get('/api/tasks')).json()).toHaveLength(2);
  });

  it('keeps a key for 24 hours: replayed just before, a fresh request just after', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    await api.post('/api/tasks', { name: 'daily' }, key('day'));
    clock.advance(24 * HOUR - 1);
    expect((await api.post('/api/tasks', { name: 'daily' }, key('day'))).headers.get('idempotent-replayed')).toBe('true');
    clock.advance(1);
    const later = await api.post('/api/tasks', { name: 'daily' }, key('day'));
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect((await api.get('/api/tasks')).json()).toHaveLength(2);
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['made of spaces', '   '],
  ])('rejects a key %s with 400', async (_case, value) => {
    const { api } = await serve();
    const answer = await api.post('/api/tasks', { name: 'x' }, key(value));
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string }>().message).toContain('Idempotency-Key must be');
    expect((await api.get('/api/tasks')).json()).toEqual([]);
  });
});

describe('pruning of expired idempotency keys', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('deletes keys older than 24 hours when the server starts, keeping younger ones', async () => {
    const db = join(tempDir(), 'vcdev.db');
    const clock = testClock();
    const first = await serve({ db, clock });
    await first.api.post('/api/tasks', { name: 'old' }, key('old'));
    clock.advance(2 * HOUR);
    await first.api.post('/api/tasks', { name: 'young' }, key('young'));
    await first.server.close();
    expect(storedKeys(db)).toEqual(['old', 'young']);

    clock.advance(23 * HOUR);
    await serve({ db, clock });
    expect(storedKeys(db)).toEqual(['young']);
  });

  it('deletes expired keys periodically while running, on a timer that close() stops', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const db = join(tempDir(), 'vcdev.db');
    const clock = testClock();
    const { api, server } = await serve({ db, clock, idempotencyPruneIntervalMs: HOUR });
    await api.post('/api/tasks', { name: 't' }, key('k'));
    clock.advance(25 * HOUR);
    expect(storedKeys(db)).toEqual(['k']);
    vi.advanceTimersByTime(HOUR);
    expect(storedKeys(db)).toEqual([]);
    expect(vi.getTimerCount()).toBe(1);
    await server.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('advertises the key in its health answer', async () => {
    const { api } = await serve();
    expect((await api.get('/api/health')).json<{ capabilities?: string[] }>().capabilities).toEqual(['idempotency-key']);
  });
});

describe('with idempotency off (--no-idempotency: as the .NET server)', () => {
  it('ignores the key: a repeated POST creates a second task, a repeated claim meets its 409', async () => {
    const { api } = await serve({ idempotency: false });
    const first = await api.post('/api/tasks', { name: 'twice', type: 1 }, key('create-1'));
    const again = await api.post('/api/tasks', { name: 'twice', type: 1 }, key('create-1'));
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect((await api.get('/api/tasks')).json<BatchTaskDto[]>().map((t) => t.name)).toEqual(['twice', 'twice']);
    const task = first.json<BatchTaskDto>();
    const claim = { status: 'Running', rowVersion: task.rowVersion };
    expect((await api.put(`/api/tasks/${task.id}/status`, claim, key('claim-1'))).status).toBe(200);
    expect((await api.put(`/api/tasks/${task.id}/status`, claim, key('claim-1'))).status).toBe(409);
  });

  it('does not even read the key: a header the honouring server refuses (400) is no matter', async () => {
    const { api } = await serve({ idempotency: false });
    expect((await api.post('/api/tasks', { name: 'x' }, key(' '))).status).toBe(201);
  });

  it('advertises no capabilities, as the .NET server', async () => {
    const { api } = await serve({ idempotency: false });
    const health = (await api.get('/api/health')).json<Record<string, unknown>>();
    expect(health.status).toBe('healthy');
    expect(health).not.toHaveProperty('capabilities');
  });
});
