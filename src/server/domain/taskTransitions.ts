import { TASK_STATUS_NAMES, TaskStatus } from './enums.js';

// Completed and Cancelled are final. Failed may be re-queued (Pending) for a retry; Running may go back to
// Pending when its node gives it up. Re-sending the current status is allowed so a retried PUT is harmless.
const ALLOWED: Readonly<Record<number, readonly number[]>> = {
  [TaskStatus.Pending]: [TaskStatus.Running, TaskStatus.Failed, TaskStatus.Cancelled],
  [TaskStatus.Running]: [TaskStatus.Pending, TaskStatus.Completed, TaskStatus.Failed, TaskStatus.Cancelled],
  [TaskStatus.Completed]: [],
  [TaskStatus.Failed]: [TaskStatus.Pending],
  [TaskStatus.Cancelled]: [],
};

/** True when a task may move from status `from` to status `to` (both numeric `BatchTaskStatus`). */
export function canMoveTask(from: number, to: number): boolean {
  return from === to || (ALLOWED[from]?.includes(to) ?? false);
}

/** True for statuses a task never leaves: Completed and Cancelled. */
export function isFinalTaskStatus(status: number): boolean {
  return (ALLOWED[status]?.length ?? 0) === 0;
}

/** A sentence explaining why a move is refused, naming both statuses. */
export function describeRefusedMove(from: number, to: number): string {
  return `a ${TASK_STATUS_NAMES[from] ?? from} task cannot move to ${TASK_STATUS_NAMES[to] ?? to}`;
}
