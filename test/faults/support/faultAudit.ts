import Database from 'better-sqlite3';
import { auditRun } from '../../../src/demo/audit.js';
import type { AuditInput } from '../../../src/demo/audit.js';
import { readServerRecord } from '../../../src/demo/serverRecord.js';

/** Completed, Failed, Cancelled: the statuses a task ends in. */
const TERMINAL = new Set([2, 3, 4]);

/** What the server's own record says of a fault run's tasks `task-0` .. `task-<n-1>`. */
export interface FaultAudit {
  /** Rows with one of the run's names (more than `tasks` when a creation was stored twice). */
  readonly stored: number;
  /** Tasks in a terminal status reached by exactly one write. */
  readonly terminalOnce: number;
  /** Names stored more than once. */
  readonly createdTwice: number;
  readonly lost: number;
  readonly duplicated: number;
  /** File locks still held at the end; -1 when they could not be read. */
  readonly locksLeft: number;
  /** One line per lost or duplicated task. */
  readonly findings: readonly string[];
}

/** The audit of a run whose audit step did not finish: every task counted lost, nothing else known. */
export function unauditedRun(taskCount: number): FaultAudit {
  return { stored: 0, terminalOnce: 0, createdTwice: 0, lost: taskCount, duplicated: 0, locksLeft: -1, findings: [] };
}

/**
 * Audits a fault run from the server's SQLite file (tasks, status history from its triggers, file locks) and what
 * the nodes say they delivered or dropped: the demo's own `auditRun` for lost and duplicated, plus the counts the
 * fault invariants check.
 */
export async function auditFaultRun(
  db: string, taskCount: number, nodes: readonly { readonly delivered: AuditInput['delivered']; readonly abandoned: AuditInput['abandoned'] }[],
): Promise<FaultAudit> {
  const record = await readServerRecord(db);
  const names = Array.from({ length: taskCount }, (_, i) => `task-${i}`);
  const ours = record.tasks.filter((t) => names.includes(t.name));
  const copies = new Map<string, number>();
  for (const task of ours) copies.set(task.name, (copies.get(task.name) ?? 0) + 1);
  const terminalWrites = new Map<number, number>();
  for (const change of record.history) {
    if (change.fromStatus !== null && TERMINAL.has(change.toStatus)) terminalWrites.set(change.taskId, (terminalWrites.get(change.taskId) ?? 0) + 1);
  }
  const audit = auditRun({
    seededNames: names, tasks: record.tasks, history: record.history,
    delivered: nodes.flatMap((n) => n.delivered), abandoned: nodes.flatMap((n) => n.abandoned),
  });
  const file = new Database(db, { readonly: true });
  let locksLeft: number;
  try {
    locksLeft = file.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM file_locks').get()?.n ?? -1;
  } finally {
    file.close();
  }
  return {
    stored: ours.length,
    terminalOnce: ours.filter((t) => TERMINAL.has(t.status) && terminalWrites.get(t.id) === 1).length,
    createdTwice: [...copies.values()].filter((c) => c > 1).length,
    lost: audit.lost,
    duplicated: audit.duplicated,
    locksLeft,
    findings: [...audit.lostTasks, ...audit.duplicatedTasks].map((f) => `${f.name} (id ${f.taskId ?? '-'}): ${f.problem}`),
  };
}
