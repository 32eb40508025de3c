import { BatchTaskStatus } from '../api/models/index.js';
import type { BatchTask } from '../api/models/index.js';

/** A task worth trying to claim, and whether this node already holds it on the server. */
export interface WorkCandidate {
  task: BatchTask;
  /** Running under this node's claim marker: left over from a claim whose answer was lost, or a restart. */
  adopted: boolean;
}

/**
 * The tasks this node may take, best first: its own leftover Running tasks, then Pending tasks assigned to it,
 * then Pending tasks assigned to nobody, each group oldest first. Pending tasks assigned to other nodes are
 * theirs and never listed.
 */
export function findWork(tasks: readonly BatchTask[], nodeId: string, marker: string): WorkCandidate[] {
  const leftovers: WorkCandidate[] = [];
  const mine: WorkCandidate[] = [];
  const unassigned: WorkCandidate[] = [];
  for (const task of [...tasks].sort((a, b) => a.id - b.id)) {
    if (task.status === BatchTaskStatus.Running && task.resultMessage === marker) {
      leftovers.push({ task, adopted: true });
    } else if (task.status === BatchTaskStatus.Pending) {
      const assignees = assignedNodes(task);
      if (assignees.includes(nodeId)) mine.push({ task, adopted: false });
      else if (assignees.length === 0) unassigned.push({ task, adopted: false });
    }
  }
  return [...leftovers, ...mine, ...unassigned];
}

/** Every node a task is assigned to: `assignedNodeId` and the JSON array `assignedNodeIds` (bad JSON reads as none). */
export function assignedNodes(task: BatchTask): string[] {
  const ids = new Set<string>();
  if (task.assignedNodeId !== null && task.assignedNodeId !== '') ids.add(task.assignedNodeId);
  try {
    const parsed: unknown = JSON.parse(task.assignedNodeIds);
    if (Array.isArray(parsed)) for (const id of parsed) if (typeof id === 'string' && id !== '') ids.add(id);
  } catch {
    // A malformed list assigns nobody; the task is then anyone's, as if unassigned.
  }
  return [...ids];
}
