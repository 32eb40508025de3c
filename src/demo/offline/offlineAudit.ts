import type { TaskStatusChange } from '../../server/repositories/taskStatusHistoryRepository.js';
import { auditRun } from '../audit.js';
import type { AuditFinding, StoredTask } from '../audit.js';

/** What one outbox file holds at the end of a run, read from the file itself. */
export interface OutboxFileRecord {
  /** The node or client that owned it. */
  readonly owner: string;
  readonly file: string;
  /** Entries ever queued in it. */
  readonly queued: number;
  /** Entries it marks delivered. */
  readonly delivered: number;
  /** Entries still waiting (queued or in flight): never delivered. */
  readonly pending: number;
  /** Entries moved to its dead-letter table: never delivered either. */
  readonly deadLettered: number;
}

/** The tasks a desktop client created, in the order it queued them. */
export interface PlannedCreates {
  readonly client: string;
  readonly names: readonly string[];
}

/** What the offline audit reads: the server's data and the outbox files, nothing the nodes say about themselves. */
export interface OfflineAuditInput {
  readonly planned: readonly PlannedCreates[];
  readonly tasks: readonly StoredTask[];
  readonly history: readonly TaskStatusChange[];
  readonly outboxes: readonly OutboxFileRecord[];
}

/** The offline audit's verdict. */
export interface OfflineAuditResult {
  readonly queued: number;
  readonly delivered: number;
  readonly completed: number;
  readonly failed: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly reordered: number;
  readonly lostFindings: readonly AuditFinding[];
  readonly duplicatedFindings: readonly AuditFinding[];
  readonly reorderedFindings: readonly AuditFinding[];
}

const PENDING = 0;
const COMPLETED = 2;
const FAILED = 3;
const FINAL = new Set([2, 3, 4]);

/**
 * Counts from the server's own status history and the outbox files:
 * - queued, delivered: summed over the outbox files;
 * - lost: a planned task the server does not hold, holds non-terminal, or holds terminal without a recorded
 *   terminal write (see {@link auditRun}); and every entry an outbox file still holds or dead-lettered at the end;
 * - duplicated: a planned name created more than once, or a task whose terminal status was written more than once;
 * - reordered: a task of a client created before one that client queued earlier (the outbox keeps a client's
 *   creates in order), or a task whose history breaks the claim protocol (a write that does not leave Pending for
 *   Running, Running for Pending, Running or a final status; anything written after its final status other than a
 *   repeat of the final, which counts as duplicated).
 */
export function auditOfflineRun(input: OfflineAuditInput): OfflineAuditResult {
  const base = auditRun({
    seededNames: input.planned.flatMap((p) => p.names), tasks: input.tasks, history: input.history, delivered: [], abandoned: [],
  });
  const lost: AuditFinding[] = [...base.lostTasks];
  for (const file of input.outboxes) {
    if (file.pending > 0) lost.push({ taskId: null, name: file.owner, problem: `${file.pending} entr(ies) never delivered, still in ${file.file}` });
    if (file.deadLettered > 0) lost.push({ taskId: null, name: file.owner, problem: `${file.deadLettered} entr(ies) dead-lettered in ${file.file}` });
  }
  const reordered = [...creationOrderFindings(input), ...protocolFindings(input)];
  return {
    queued: sum(input.outboxes, 'queued'),
    delivered: sum(input.outboxes, 'delivered'),
    completed: base.completed,
    failed: base.failed,
    lost: base.lost + input.outboxes.reduce((n, f) => n + f.pending + f.deadLettered, 0),
    duplicated: base.duplicated,
    reordered: new Set(reordered.map((f) => f.taskId ?? f.name)).size,
    lostFindings: lost,
    duplicatedFindings: base.duplicatedTasks,
    reorderedFindings: reordered,
  };
}

function sum(files: readonly OutboxFileRecord[], key: 'queued' | 'delivered'): number {
  return files.reduce((total, file) => total + file[key], 0);
}

// The server numbers its history in commit order: each client's creates must be committed in the order it queued them.
function creationOrderFindings(input: OfflineAuditInput): AuditFinding[] {
  const idByName = new Map<string, number>();
  for (const task of input.tasks) if (!idByName.has(task.name)) idByName.set(task.name, task.id);
  const createdAt = new Map<number, number>();
  for (const change of input.history) if (change.fromStatus === null && !createdAt.has(change.taskId)) createdAt.set(change.taskId, change.seq);
  const findings: AuditFinding[] = [];
  for (const { client, names } of input.planned) {
    let latest = -1;
    let latestName = '';
    for (const name of names) {
      const id = idByName.get(name);
      const seq = id === undefined ? undefined : createdAt.get(id);
      if (id === undefined || seq === undefined) continue;
      if (seq < latest) findings.push({ taskId: id, name, problem: `${client} queued it after ${latestName}, the server created it before` });
      else {
        latest = seq;
        latestName = name;
      }
    }
  }
  return findings;
}

function protocolFindings(input: OfflineAuditInput): AuditFinding[] {
  const names = new Map(input.tasks.map((task) => [task.id, task.name]));
  const byTask = new Map<number, TaskStatusChange[]>();
  for (const change of input.history) byTask.set(change.taskId, [...(byTask.get(change.taskId) ?? []), change]);
  const findings: AuditFinding[] = [];
  for (const [taskId, changes] of byTask) {
    let finalSeen: number | null = null;
    for (const change of changes) {
      if (change.fromStatus === null) continue;
      const problem = illegalWrite(change, finalSeen);
      if (problem !== null) {
        findings.push({ taskId, name: names.get(taskId) ?? `task ${taskId}`, problem });
        break;
      }
      if (FINAL.has(change.toStatus)) finalSeen = change.toStatus;
    }
  }
  return findings;
}

function illegalWrite(change: TaskStatusChange, finalSeen: number | null): string | null {
  const { fromStatus, toStatus } = change;
  if (finalSeen !== null) {
    // A second final write is a duplicate (counted there); anything else after the final is a write out of order.
    return FINAL.has(toStatus) ? null : `status ${toStatus} written after its final status ${finalSeen} (history #${change.seq})`;
  }
  // A node's result is sent with the rowVersion of its claim: Completed or Failed straight from Pending means a
  // result overtook its claim (or outlived a hand-back). Cancelled from Pending is a user's, and legal.
  if (fromStatus === PENDING && (toStatus === COMPLETED || toStatus === FAILED)) {
    return `final status ${toStatus} written while Pending, without a claim (history #${change.seq})`;
  }
  return null;
}
