import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSqliteDriver } from '../../../src/server/db/loadSqliteDriver.js';
import { MIGRATIONS } from '../../../src/server/db/migrations.js';
import { openDatabase } from '../../../src/server/db/openDatabase.js';
import type { Database } from '../../../src/server/db/openDatabase.js';
import { TaskStatusHistoryRepository } from '../../../src/server/repositories/taskStatusHistoryRepository.js';
import { TaskRepository } from '../../../src/server/repositories/taskRepository.js';

const newTask = { name: 'job', type: 1, parameters: null, assignedNodeId: null, assignedNodeIds: '[]' };

describe('TaskStatusHistoryRepository', () => {
  let db: Database;
  let tasks: TaskRepository;
  let history: TaskStatusHistoryRepository;

  beforeEach(async () => {
    db = openDatabase(await loadSqliteDriver(), ':memory:');
    tasks = new TaskRepository(db, () => 1_000);
    history = new TaskStatusHistoryRepository(db);
  });
  afterEach(() => db.close());

  it('records the creation of a task as a change from no status to Pending', () => {
    const task = tasks.create(newTask);
    expect(history.list()).toEqual([
      { seq: 1, taskId: task.id, fromStatus: null, toStatus: 0, resultMessage: null, rowVersion: task.rowVersion, changedAt: expect.any(Number) as number },
    ]);
  });

  it('records every status write in commit order, a repeated terminal status twice', () => {
    const a = tasks.create(newTask);
    const b = tasks.create({ ...newTask, name: 'other' });
    tasks.update(a.id, { status: 1, resultMessage: 'claimed' });
    tasks.update(b.id, { status: 1 });
    tasks.update(a.id, { status: 2, resultMessage: 'done' });
    const last = tasks.update(a.id, { status: 2, resultMessage: 'done' });
    const ofA = history.forTask(a.id);
    expect(ofA.map((c) => [c.fromStatus, c.toStatus, c.resultMessage])).toEqual([
      [null, 0, null], [0, 1, 'claimed'], [1, 2, 'done'], [2, 2, 'done'],
    ]);
    expect(ofA.at(-1)?.rowVersion).toBe(last.rowVersion);
    expect(history.list().map((c) => c.taskId)).toEqual([a.id, b.id, a.id, b.id, a.id, a.id]);
    expect(history.list().map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('stamps each change with the database wall clock', () => {
    const before = Date.now();
    tasks.create(newTask);
    const [change] = history.list();
    expect(change?.changedAt).toBeGreaterThanOrEqual(before - 1);
    expect(change?.changedAt).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('is added to a database created before it, keeping its tasks, and records from then on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-history-'));
    try {
      const file = join(dir, 'old.db');
      const driver = await loadSqliteDriver();
      const old = new driver(file);
      old.exec(MIGRATIONS[0] ?? '');
      old.pragma('user_version = 1');
      old.prepare(`INSERT INTO tasks (name, type, status, assigned_node_ids, created_at, row_version) VALUES ('old', 1, 0, '[]', 1, 1)`).run();
      old.close();

      const upgraded = openDatabase(driver, file);
      try {
        expect(upgraded.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
        const repository = new TaskStatusHistoryRepository(upgraded);
        expect(repository.list()).toEqual([]);
        new TaskRepository(upgraded, () => 2).update(1, { status: 1 });
        expect(repository.forTask(1).map((c) => [c.fromStatus, c.toStatus])).toEqual([[0, 1]]);
      } finally {
        upgraded.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
