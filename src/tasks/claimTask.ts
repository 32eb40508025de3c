import type { ApiClient } from '../api/ApiClient.js';
import { BatchTaskStatus } from '../api/models/index.js';
import type { BatchTask } from '../api/models/index.js';

/** How a claim ended: this node owns the task (with its new rowVersion), or another node does. */
export type ClaimVerdict = { kind: 'claimed'; task: BatchTask } | { kind: 'conflict'; current: BatchTask | null };

/**
 * Claims `task` by moving it to Running with the rowVersion it was read with and this node's marker as its
 * message. The server applies that at most once: a second claimant (or a retry of a claim whose answer was lost)
 * gets a 409 with the current task, which the client hands back as the answer; the marker in it tells whether
 * the claim that won was this node's. Rejects with the client's error when the server cannot be reached, in
 * which case the claim may or may not have been applied: the next look for work adopts it if it was.
 */
export async function claimTask(api: ApiClient, task: BatchTask, marker: string): Promise<ClaimVerdict> {
  const answer = await api.updateTaskStatus(task.id, BatchTaskStatus.Running, {
    rowVersion: task.rowVersion,
    resultMessage: marker,
  });
  return judgeClaim(answer, marker);
}

/** Reads the answer to a claim: the task as the server holds it now (null when a 409 carried none). */
export function judgeClaim(answer: BatchTask | null, marker: string): ClaimVerdict {
  if (answer !== null && answer.status === BatchTaskStatus.Running && answer.resultMessage === marker) {
    return { kind: 'claimed', task: answer };
  }
  return { kind: 'conflict', current: answer };
}
