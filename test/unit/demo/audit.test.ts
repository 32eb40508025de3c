import { describe, expect, it } from 'vitest';
import { auditRun } from '../../../src/demo/audit.js';
import type { AuditInput, StoredTask } from '../../../src/demo/audit.js';
import type { TaskStatusChange } from '../../../src/server/repositories/taskStatusHistoryRepository.js';

const PENDING = 0;
const RUNNING = 1;
const COMPLETED = 2;
const FAILED = 3;

let seq = 0;
function change(taskId: number, fromStatus: number | null, toStatus: number, resultMessage: string | null = null): TaskStatusChange {
  seq += 1;
  return { seq, taskId, fromStatus, toStatus, resultMessage, rowVersion: seq, changedAt: seq };
}

/** A run where task i (1-based) was created, claimed and completed once by node-1 with message `done i`. */
function cleanRun(count: number): AuditInput {
  const tasks: StoredTask[] = [];
  const history: TaskStatusChange[] = [];
  for (let id = 1; id <= count; id += 1) {
    tasks.push({ id, name: `t${id}`, status: COMPLETED, resultMessage: `done ${id}` });
    history.push(change(id, null, PENDING), change(id, PENDING, RUNNING, 'claim'), change(id, RUNNING, COMPLETED, `done ${id}`));
  }
  return {
    seededNames: tasks.map((t) => t.name),
    tasks,
    history,
    delivered: tasks.map((t) => ({ nodeId: 'node-1', taskId: t.id, status: 'Completed' as const, resultMessage: `done ${t.id}` })),
    abandoned: [],
  };
}

describe('auditRun', () => {
  it('finds nothing lost or duplicated in a clean run and counts completed and failed tasks', () => {
    const run = cleanRun(3);
    const tasks = run.tasks.map((t) => (t.id === 3 ? { ...t, status: FAILED } : t));
    const history = run.history.map((c) => (c.taskId === 3 && c.toStatus === COMPLETED ? { ...c, toStatus: FAILED } : c));
    const delivered = run.delivered.map((d) => (d.taskId === 3 ? { ...d, status: 'Failed' as const } : d));
    expect(auditRun({ ...run, tasks, history, delivered })).toEqual({
      completed: 2, failed: 1, lost: 0, duplicated: 0, lostTasks: [], duplicatedTasks: [],
    });
  });

  it('counts a seeded task the server never stored as lost', () => {
    const run = cleanRun(2);
    const result = auditRun({ ...run, seededNames: [...run.seededNames, 't9'] });
    expect(result.lost).toBe(1);
    expect(result.lostTasks).toEqual([{ taskId: null, name: 't9', problem: 'the server never stored it' }]);
  });

  it('counts a task still Running or Pending at the end as lost', () => {
    const run = cleanRun(3);
    const tasks = run.tasks.map((t) => (t.id === 2 ? { ...t, status: RUNNING } : t.id === 3 ? { ...t, status: PENDING } : t));
    const delivered = run.delivered.filter((d) => d.taskId === 1);
    const result = auditRun({ ...run, tasks, delivered, history: run.history.filter((c) => c.taskId === 1 || c.toStatus !== COMPLETED) });
    expect(result.lost).toBe(2);
    expect(result.lostTasks.map((f) => f.problem)).toEqual(['still in status 1 at the end', 'still in status 0 at the end']);
    expect(result.completed).toBe(1);
  });

  it('counts a final result a node delivered that the server does not hold as lost', () => {
    const run = cleanRun(2);
    const delivered = [...run.delivered, { nodeId: 'node-2', taskId: 2, status: 'Completed' as const, resultMessage: 'done 2 by node-2' }];
    const result = auditRun({ ...run, delivered });
    expect(result.lost).toBe(1);
    expect(result.lostTasks[0]).toEqual({ taskId: 2, name: 't2', problem: 'node-2 delivered Completed but the server does not hold that result' });
  });

  it('counts a result abandoned at shutdown as lost', () => {
    const run = cleanRun(2);
    expect(auditRun({ ...run, abandoned: [{ taskId: 1 }] }).lostTasks).toEqual([{ taskId: 1, name: 't1', problem: 'its result was abandoned by its node' }]);
  });

  it('counts a terminal task without a terminal write in its history as lost', () => {
    const run = cleanRun(1);
    const result = auditRun({ ...run, history: run.history.filter((c) => c.toStatus !== COMPLETED) });
    expect(result.lostTasks.map((f) => f.problem)).toEqual(['terminal without a recorded terminal write']);
  });

  it('counts a task created twice as duplicated, naming both ids', () => {
    const run = cleanRun(2);
    const copy: StoredTask = { id: 3, name: 't2', status: COMPLETED, resultMessage: 'done 3' };
    const history = [...run.history, change(3, null, PENDING), change(3, PENDING, RUNNING), change(3, RUNNING, COMPLETED, 'done 3')];
    const result = auditRun({ ...run, tasks: [...run.tasks, copy], history });
    expect(result.duplicated).toBe(1);
    expect(result.duplicatedTasks).toEqual([{ taskId: 2, name: 't2', problem: 'created 2 times (ids 2, 3)' }]);
    expect(result.lost).toBe(0);
  });

  it('counts a terminal status written twice as duplicated, once per task however many times', () => {
    const run = cleanRun(2);
    const history = [...run.history, change(1, COMPLETED, COMPLETED, 'done 1'), change(1, COMPLETED, COMPLETED, 'done 1')];
    const result = auditRun({ ...run, history });
    expect(result.duplicated).toBe(1);
    expect(result.duplicatedTasks).toEqual([{ taskId: 1, name: 't1', problem: 'a terminal status was written 3 times' }]);
  });

  it('counts a task once in lost however many reasons it has', () => {
    const run = cleanRun(1);
    const tasks = run.tasks.map((t) => ({ ...t, status: RUNNING }));
    const result = auditRun({ ...run, tasks, abandoned: [{ taskId: 1 }] });
    expect(result.lost).toBe(1);
  });
});
