import type { TaskStatusChange } from '../server/repositories/taskStatusHistoryRepository.js';
import type { DeliveredResult } from './workerService.js';

/** A task as the server stored it. */
export interface StoredTask {
  readonly id: number;
  readonly name: string;
  readonly status: number;
  readonly resultMessage: string | null;
}

/** What the audit reads. */
export interface AuditInput {
  /** The names the demo seeded, each once. */
  readonly seededNames: readonly string[];
  /** The server's tasks at the end. */
  readonly tasks: readonly StoredTask[];
  /** The server's status history (every write, from its triggers). */
  readonly history: readonly TaskStatusChange[];
  /** Final statuses the nodes say they delivered. */
  readonly delivered: readonly DeliveredResult[];
  /** Results the nodes had to drop at shutdown. */
  readonly abandoned: readonly { readonly taskId: number }[];
}

/** Why a task counts as lost or duplicated. */
export interface AuditFinding {
  readonly taskId: number | null;
  readonly name: string;
  readonly problem: string;
}

/** The audit's verdict, counted in tasks. */
export interface AuditResult {
  /** Seeded tasks the server holds as Completed. */
  readonly completed: number;
  /** Seeded tasks the server holds as Failed. */
  readonly failed: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly lostTasks: readonly AuditFinding[];
  readonly duplicatedTasks: readonly AuditFinding[];
}

const COMPLETED = 2;
const FAILED = 3;
const CANCELLED = 4;
const TERMINAL = new Set([COMPLETED, FAILED, CANCELLED]);
const STATUS_NAMES: Readonly<Record<string, number>> = { Completed: COMPLETED, Failed: FAILED };

/**
 * Counts lost and duplicated tasks from the server's own data, not from the nodes' say-so.
 * Lost: a seeded task the server does not hold, one not in a terminal state at the end, one whose history shows no
 * terminal write, or one whose delivered final status (per a node) is not what the server holds, or whose result
 * a node had to abandon. Duplicated: a seeded name the server holds more than once (created twice), or a task whose
 * history shows a terminal status written more than once. Each task counts at most once in each.
 */
export function auditRun(input: AuditInput): AuditResult {
  const byName = new Map<string, StoredTask[]>();
  for (const task of input.tasks) byName.set(task.name, [...(byName.get(task.name) ?? []), task]);
  const terminalWrites = new Map<number, number>();
  for (const change of input.history) {
    if (change.fromStatus !== null && TERMINAL.has(change.toStatus)) {
      terminalWrites.set(change.taskId, (terminalWrites.get(change.taskId) ?? 0) + 1);
    }
  }
  const byId = new Map(input.tasks.map((task) => [task.id, task]));
  const lost = new Map<string, AuditFinding>();
  const duplicated = new Map<string, AuditFinding>();
  const flag = (into: Map<string, AuditFinding>, task: StoredTask | undefined, name: string, problem: string): void => {
    const key = task === undefined ? `name:${name}` : `id:${task.id}`;
    if (!into.has(key)) into.set(key, { taskId: task?.id ?? null, name, problem });
  };

  let completed = 0;
  let failed = 0;
  for (const name of new Set(input.seededNames)) {
    const copies = byName.get(name) ?? [];
    const [task] = copies;
    if (task === undefined) {
      flag(lost, undefined, name, 'the server never stored it');
      continue;
    }
    if (copies.length > 1) flag(duplicated, task, name, `created ${copies.length} times (ids ${copies.map((c) => c.id).join(', ')})`);
    for (const copy of copies) {
      const writes = terminalWrites.get(copy.id) ?? 0;
      if (!TERMINAL.has(copy.status)) flag(lost, copy, name, `still in status ${copy.status} at the end`);
      else if (writes === 0) flag(lost, copy, name, 'terminal without a recorded terminal write');
      if (writes > 1) flag(duplicated, copy, name, `a terminal status was written ${writes} times`);
    }
    if (task.status === COMPLETED) completed += 1;
    if (task.status === FAILED) failed += 1;
  }
  for (const result of input.delivered) {
    const task = byId.get(result.taskId);
    const held = task !== undefined && task.status === STATUS_NAMES[result.status] && task.resultMessage === result.resultMessage;
    if (!held) flag(lost, task, task?.name ?? `task ${result.taskId}`, `${result.nodeId} delivered ${result.status} but the server does not hold that result`);
  }
  for (const { taskId } of input.abandoned) {
    const task = byId.get(taskId);
    flag(lost, task, task?.name ?? `task ${taskId}`, 'its result was abandoned by its node');
  }
  return {
    completed, failed, lost: lost.size, duplicated: duplicated.size, lostTasks: [...lost.values()], duplicatedTasks: [...duplicated.values()],
  };
}
