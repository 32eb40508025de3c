import { describe, expect, it } from 'vitest';
import type { ComputerNodeDto } from '../../../src/server/index.js';
import { serve, testClock } from './support/testServer.js';

const node = { id: 'node-1', name: 'Render box', ipAddress: '10.0.0.5', hardwareFingerprint: 'fp-1' };

describe('nodes: register, heartbeat, update, list', () => {
  it('registers a node as available with a heartbeat of now and lists it in api/nodes and api/nodes/all', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    const registered = await api.post('/api/nodes/register', { ...node, isAvailable: true, lastHeartbeat: '2000-01-01T00:00:00Z' });
    expect(registered.status).toBe(200);
    const expected: ComputerNodeDto = { ...node, isAvailable: true, lastHeartbeat: '2025-01-01T00:00:00.000Z' };
    expect(registered.json()).toEqual(expected);
    expect((await api.get('/api/nodes')).json()).toEqual([expected]);
    expect((await api.get('/api/nodes/all')).json()).toEqual([expected]);
  });

  it('lists in api/nodes only nodes marked available whose heartbeat is recent, and all of them in api/nodes/all', async () => {
    const clock = testClock();
    const { api } = await serve({ clock, heartbeatTimeoutMs: 60_000 });
    await api.post('/api/nodes/register', { id: 'quiet', name: 'q' });
    await api.post('/api/nodes/register', { id: 'off', name: 'o', isAvailable: false });
    clock.advance(30_000);
    await api.post('/api/nodes/register', { id: 'alive', name: 'a' });
    clock.advance(30_001);
    const ids = async (path: string) => (await api.get(path)).json<ComputerNodeDto[]>().map((n) => n.id);
    expect(await ids('/api/nodes')).toEqual(['alive']);
    expect(await ids('/api/nodes/all')).toEqual(['alive', 'off', 'quiet']);

    const beat = await api.post('/api/nodes/quiet/heartbeat');
    expect(beat.status).toBe(200);
    expect(beat.json()).toMatchObject({ id: 'quiet', isAvailable: true, lastHeartbeat: '2025-01-01T00:01:00.001Z' });
    expect(await ids('/api/nodes')).toEqual(['alive', 'quiet']);
  });

  it('re-registering a node keeps what the new registration leaves out and marks it alive again', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    await api.post('/api/nodes/register', node);
    clock.advance(1000);
    const again = await api.post('/api/nodes/register', { id: 'node-1', ipAddress: '10.0.0.6' });
    expect(again.json()).toEqual({ ...node, ipAddress: '10.0.0.6', isAvailable: true, lastHeartbeat: '2025-01-01T00:00:01.000Z' });
    expect((await api.get('/api/nodes/all')).json()).toHaveLength(1);
  });

  it('accepts null for the nullable node strings, as the .NET model does, keeping what it knew', async () => {
    const { api } = await serve({ clock: testClock() });
    await api.post('/api/nodes/register', node);
    const again = await api.post('/api/nodes/register', { id: node.id, name: null, ipAddress: null, hardwareFingerprint: null });
    expect(again.status).toBe(200);
    expect(again.json()).toMatchObject({ name: node.name, ipAddress: node.ipAddress, hardwareFingerprint: node.hardwareFingerprint });
  });

  it('answers a heartbeat from an unregistered node with 404', async () => {
    const { api } = await serve();
    const answer = await api.post('/api/nodes/nobody/heartbeat');
    expect(answer.status).toBe(404);
    expect(answer.json()).toEqual({ message: 'Node nobody is not registered' });
  });

  it('updates a node with PUT api/nodes/{id}, keeping its heartbeat', async () => {
    const clock = testClock();
    const { api } = await serve({ clock });
    await api.post('/api/nodes/register', node);
    clock.advance(10_000);
    const updated = await api.put('/api/nodes/node-1', { id: 'node-1', name: 'Renamed', isAvailable: false });
    expect(updated.status).toBe(200);
    expect(updated.json()).toEqual({ ...node, name: 'Renamed', isAvailable: false, lastHeartbeat: '2025-01-01T00:00:00.000Z' });
    expect((await api.get('/api/nodes')).json()).toEqual([]);
  });

  it('rejects an update whose body id differs from the path (400) and one for an unknown node (404)', async () => {
    const { api } = await serve();
    await api.post('/api/nodes/register', node);
    const mismatch = await api.put('/api/nodes/node-1', { id: 'node-2', name: 'x' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json<{ message: string }>().message).toContain('differs from the one in the path');
    expect((await api.put('/api/nodes/node-9', { name: 'x' })).status).toBe(404);
  });

  it.each([
    ['no id', { name: 'x' }, "must have required property 'id'"],
    ['an empty id', { id: '' }, 'must NOT have fewer than 1 characters'],
    ['isAvailable as a string', { id: 'n', isAvailable: 'yes' }, 'must be boolean'],
  ])('rejects a registration with %s with 400', async (_case, body, reason) => {
    const { api } = await serve();
    const answer = await api.post('/api/nodes/register', body);
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string }>().message).toContain(reason);
    expect((await api.get('/api/nodes/all')).json()).toEqual([]);
  });
});
