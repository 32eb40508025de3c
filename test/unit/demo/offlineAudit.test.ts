import { describe, expect, it } from 'vitest';
import { auditOfflineRun } from '../../../src/demo/offline/offlineAudit.js';
import type { OfflineAuditInput, OutboxFileRecord } from '../../../src/demo/offline/offlineAudit.js';
import type { StoredTask } from '../../../src/demo/audit.js';
import type { TaskStatusChange } from '../../../src/server/repositories/taskStatusHistoryRepository.js';

const PENDING = 0;
const RUNNING = 1;
const COMPLETED = 2;

let seq = 0;
function change(taskId: number, fromStatus: number | null, toStatus: number): TaskStatusChange {
  seq += 1;
  return { seq, taskId, fromStatus, toStatus, resultMessage: null, rowVersion: seq, changedAt: seq };
}

function file(owner: string, queued: number, pending = 0, deadLettered = 0): OutboxFileRecord {
  return { owner, file: `/tmp/${owner}.outbox`, queued, delivered: queued - pending - deadLettered, pending, deadLettered };
}

/** Client c1 creates a1, a2; c2 creates b1; each task claimed and completed once, created in queue order. */
function cleanRun(): OfflineAuditInput {
  const names = ['a1', 'a2', 'b1'];
  const tasks: StoredTask[] = names.map((name, i) => ({ id: i + 1, name, status: COMPLETED, resultMessage: 'done' }));
  const history = tasks.flatMap((t) => [change(t.id, null, PENDING)]);
  for (const t of tasks) history.push(change(t.id, PENDING, RUNNING), change(t.id, RUNNING, COMPLETED));
  return {
    planned: [{ client: 'c1', names: ['a1', 'a2'] }, { client: 'c2', names: ['b1'] }],
    tasks, history, outboxes: [file('c1', 2), file('c2', 1), file('worker-1', 5)],
  };
}

describe('auditOfflineRun', () => {
  it('finds nothing wrong in a clean run and sums the outbox files', () => {
    expect(auditOfflineRun(cleanRun())).toMatchObject({
      queued: 8, delivered: 8, completed: 3, failed: 0, lost: 0, duplicated: 0, reordered: 0,
      lostFindings: [], duplicatedFindings: [], reorderedFindings: [],
    });
  });

  it('counts every entry an outbox file still holds or dead-lettered as lost, naming the file', () => {
    const run = cleanRun();
    const result = auditOfflineRun({ ...run, outboxes: [file('c1', 2), file('worker-1', 5, 2, 1)] });
    expect(result.lost).toBe(3);
    expect(result.delivered).toBe(4);
    expect(result.lostFindings.map((f) => f.problem)).toEqual([
      '2 entr(ies) never delivered, still in /tmp/worker-1.outbox', '1 entr(ies) dead-lettered in /tmp/worker-1.outbox',
    ]);
  });

  it('counts a final status written twice as duplicated, and a task the server never created as lost', () => {
    const run = cleanRun();
    const history = [...run.history, change(1, COMPLETED, COMPLETED)];
    const result = auditOfflineRun({ ...run, history, planned: [...run.planned, { client: 'c3', names: ['never'] }] });
    expect(result.duplicated).toBe(1);
    expect(result.duplicatedFindings[0]).toMatchObject({ taskId: 1, problem: 'a terminal status was written 2 times' });
    expect(result.lost).toBe(1);
    expect(result.reordered).toBe(0);
  });

  it('counts a client task created before one the client queued earlier as reordered', () => {
    const run = cleanRun();
    // a2 (id 2) committed before a1 (id 1): swap their creation rows' order.
    const history = run.history.map((c) => (c.fromStatus === null && c.taskId === 1 ? { ...c, seq: 2 }
      : c.fromStatus === null && c.taskId === 2 ? { ...c, seq: 1 } : c));
    const result = auditOfflineRun({ ...run, history });
    expect(result.reordered).toBe(1);
    expect(result.reorderedFindings).toEqual([{ taskId: 2, name: 'a2', problem: 'c1 queued it after a1, the server created it before' }]);
  });

  it('counts a result written without a claim, or a write after the final status, as reordered', () => {
    const run = cleanRun();
    const withoutClaim = run.history.filter((c) => !(c.taskId === 2 && c.toStatus === RUNNING))
      .map((c) => (c.taskId === 2 && c.toStatus === COMPLETED ? { ...c, fromStatus: PENDING } : c));
    const afterFinal = [...run.history, change(3, COMPLETED, RUNNING)];
    expect(auditOfflineRun({ ...run, history: withoutClaim }).reorderedFindings).toEqual([
      { taskId: 2, name: 'a2', problem: expect.stringMatching(/^final status 2 written while Pending, without a claim/) as string },
    ]);
    const late = auditOfflineRun({ ...run, history: afterFinal });
    expect(late.reordered).toBe(1);
    expect(late.reorderedFindings[0]?.problem).toMatch(/^status 1 written after its final status 2/);
  });

  it('accepts hand-backs and re-claims before the final status', () => {
    const run = cleanRun();
    const history = [change(4, null, PENDING), change(4, PENDING, RUNNING), change(4, RUNNING, PENDING), change(4, PENDING, RUNNING),
      change(4, RUNNING, RUNNING), change(4, RUNNING, COMPLETED)];
    const result = auditOfflineRun({
      ...run, history: [...run.history, ...history], tasks: [...run.tasks, { id: 4, name: 'b2', status: COMPLETED, resultMessage: 'x' }],
      planned: [run.planned[0] ?? { client: 'c1', names: [] }, { client: 'c2', names: ['b1', 'b2'] }],
    });
    expect(result).toMatchObject({ lost: 0, duplicated: 0, reordered: 0, completed: 4 });
  });
});
