import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchTaskDto, ComputerNodeDto, FileLockDto, TaskFolderProgressDto } from '../../../src/server/index.js';
import { client } from './support/http.js';
import type { Client } from './support/http.js';
import type { CliProcess } from './support/serveProcess.js';
import { startServeProcess } from './support/serveProcess.js';
import { serve, tempDir } from './support/testServer.js';

interface Seeded {
  task: BatchTaskDto;
  claimed: string;
}

// One of everything, the claim under an Idempotency-Key so a restart must still replay it.
async function seed(api: Client): Promise<Seeded> {
  await api.post('/api/nodes/register', { id: 'n1', name: 'one', ipAddress: '10.0.0.1' });
  const task = (await api.post('/api/tasks', { name: 'survivor', type: 'FileProcessing' }, { 'Idempotency-Key': 'create' })).json<BatchTaskDto>();
  const claimed = await api.put(`/api/tasks/${task.id}/status`, { status: 'Running', rowVersion: task.rowVersion }, { 'Idempotency-Key': 'claim' });
  await api.put(`/api/tasks/${task.id}/assign/n1`);
  await api.post('/api/filelocks/acquire', { filePath: '/data/x', nodeId: 'n1' });
  await api.post(`/api/tasks/${task.id}/folders`, { folderPath: '/data/x/f1' });
  return { task, claimed: claimed.text };
}

async function expectSeeded(api: Client, { task, claimed }: Seeded): Promise<void> {
  const [stored] = (await api.get('/api/tasks')).json<BatchTaskDto[]>();
  expect(stored).toMatchObject({ id: task.id, name: 'survivor', type: 4, status: 1, assignedNodeId: 'n1', assignedNodeIds: '["n1"]' });
  expect((await api.get('/api/nodes/all')).json<ComputerNodeDto[]>().map((n) => n.id)).toEqual(['n1']);
  expect((await api.get('/api/filelocks')).json<FileLockDto[]>().map((l) => l.filePath)).toEqual(['/data/x']);
  expect((await api.get(`/api/tasks/${task.id}/folders`)).json<TaskFolderProgressDto[]>().map((f) => f.folderName)).toEqual(['f1']);

  const replay = await api.put(`/api/tasks/${task.id}/status`, { status: 'Running', rowVersion: task.rowVersion }, { 'Idempotency-Key': 'claim' });
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.text).toBe(claimed);

  const next = (await api.post('/api/tasks', { name: 'after restart' })).json<BatchTaskDto>();
  expect(next.id).toBeGreaterThan(task.id);
  expect(Buffer.from(next.rowVersion, 'base64').readBigUInt64BE()).toBeGreaterThan(Buffer.from(stored?.rowVersion ?? '', 'base64').readBigUInt64BE());
}

describe('persistence in a SQLite file', () => {
  it('keeps tasks, nodes, locks, folders and idempotency keys across a close and a restart', async () => {
    const db = join(tempDir(), 'vcdev.db');
    const first = await serve({ db });
    const seeded = await seed(first.api);
    await first.server.close();

    const second = await serve({ db });
    await expectSeeded(second.api, seeded);
  });

  it('runs the file in WAL mode', async () => {
    const db = join(tempDir(), 'vcdev.db');
    await serve({ db });
    const reader = new Database(db, { readonly: true });
    expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
    reader.close();
  });
});

describe('persistence across kill -9 of a vcconn serve process', () => {
  const processes: CliProcess[] = [];
  afterEach(async () => {
    for (const proc of processes.splice(0)) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
      await proc.exited;
    }
  });

  it('keeps every acknowledged write when the process is killed with SIGKILL and restarted on the same file', async () => {
    const db = join(tempDir(), 'vcdev.db');
    const first = await startServeProcess(['--port', '0', '--db', db]);
    processes.push(first);
    const seeded = await seed(client(first.url));

    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(existsSync(`${db}-wal`)).toBe(true);

    const second = await startServeProcess(['--port', '0', '--db', db]);
    processes.push(second);
    await expectSeeded(client(second.url), seeded);
  });
});
