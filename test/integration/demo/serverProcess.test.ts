import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { auditRun } from '../../../src/demo/audit.js';
import { currentCliLaunch, startServerProcess } from '../../../src/demo/serverProcess.js';
import type { CliLaunch, ServerProcess } from '../../../src/demo/serverProcess.js';
import { readServerRecord } from '../../../src/demo/serverRecord.js';

// Vitest runs without the tsx loader in its own flags, so the child gets it explicitly.
const launch: CliLaunch = { execPath: process.execPath, args: ['--import', 'tsx', fileURLToPath(new URL('../../../src/cli.ts', import.meta.url))] };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-demo-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'demo.db');
}

async function start(db: string, port?: number): Promise<ServerProcess> {
  const server = await startServerProcess({ db, launch, ...(port === undefined ? {} : { port }) });
  cleanups.push(() => server.kill());
  return server;
}

function api(url: string): StandardApiClient {
  const client = new StandardApiClient(url, { maxAttempts: 1 });
  cleanups.push(() => client.dispose());
  return client;
}

describe('demo server process', () => {
  it('runs vcconn serve in a child, survives SIGKILL with its data, and restarts on the same port', { timeout: 60_000 }, async () => {
    const db = tempDb();
    const first = await start(db);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await api(first.url).createTask({ name: 'kept', type: 'HelloWorld' });
    await first.kill();
    expect(await api(first.url).testConnection()).toBe(false);

    const second = await start(db, first.port);
    expect(second.port).toBe(first.port);
    expect(second.pid).not.toBe(first.pid);
    expect((await api(second.url).getTasks()).map((t) => [t.id, t.name])).toEqual([[created.id, 'kept']]);
    await second.stop();
  });

  it('fails with the server\'s own words when it cannot start', { timeout: 60_000 }, async () => {
    const db = tempDb();
    const holder = await start(db);
    await expect(startServerProcess({ db, port: holder.port, launch })).rejects.toThrow(/The server exited before listening:[\s\S]*EADDRINUSE/);
  });

  it('launches the CLI the way this process runs, without debugger flags', () => {
    const current = currentCliLaunch();
    expect(current.execPath).toBe(process.execPath);
    expect(current.args.at(-1)).toMatch(/src[/\\]cli\.ts$/);
    expect(current.args.some((arg) => arg.startsWith('--inspect'))).toBe(false);
  });
});

describe('audit of a real server record', () => {
  it('finds a task created twice and a final status applied twice in the server\'s own history', { timeout: 60_000 }, async () => {
    const db = tempDb();
    const server = await start(db);
    const client = api(server.url);
    const once = await client.createTask({ name: 'once', type: 'HelloWorld' });
    const twice = [await client.createTask({ name: 'twice', type: 'HelloWorld' }), await client.createTask({ name: 'twice', type: 'HelloWorld' })];
    const claimed = await client.updateTaskStatus(once.id, 'Running');
    await client.updateTaskStatus(once.id, 'Completed', { resultMessage: 'done', rowVersion: claimed?.rowVersion ?? null });
    for (const task of twice) {
      await client.updateTaskStatus(task.id, 'Running');
      await client.updateTaskStatus(task.id, 'Completed', { resultMessage: 'done' });
    }
    // Without a rowVersion the server applies a repeat: a terminal status written twice.
    await client.updateTaskStatus(once.id, 'Completed', { resultMessage: 'done' });
    await server.stop();

    const record = await readServerRecord(db);
    expect(record.history.filter((c) => c.taskId === once.id).map((c) => [c.fromStatus, c.toStatus])).toEqual([[null, 0], [0, 1], [1, 2], [2, 2]]);
    const result = auditRun({ seededNames: ['once', 'twice', 'never'], ...record, delivered: [], abandoned: [] });
    expect(result.duplicatedTasks.map((f) => [f.name, f.problem])).toEqual([
      ['once', 'a terminal status was written 2 times'],
      ['twice', `created 2 times (ids ${twice[0]?.id}, ${twice[1]?.id})`],
    ]);
    expect(result.lostTasks.map((f) => f.name)).toEqual(['never']);
  });
});
