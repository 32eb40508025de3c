import type { ApiClient } from '../api/ApiClient.js';
import { BatchTaskStatus } from '../api/models/index.js';
import type { BatchTask } from '../api/models/index.js';
import type { ReportedStatus } from './types.js';

/** A final status (or a hand-back to Pending) waiting to reach the server: held in memory and sent until the server has it. */
export interface PendingDelivery {
  readonly taskId: number;
  readonly status: ReportedStatus;
  readonly resultMessage: string;
  /** The rowVersion of this node's claim (or of its last sight of the task still Running under its claim). */
  rowVersion: string | null;
  /** This node's claim marker, to recognise the task as still ours. */
  readonly marker: string;
  /** Attempts made so far. */
  attempts: number;
}

/**
 * What one delivery attempt found:
 * - `delivered`: the task is in our final status with our message (applied now, or by an earlier attempt whose
 *   answer was lost: the server's rowVersion check refused to apply it a second time);
 * - `stillOurs`: the task is still Running under our claim but its rowVersion moved on (another write touched
 *   it), so send again with that rowVersion;
 * - `superseded`: the server has moved the task on without us (cancelled, re-queued, deleted);
 * - `unknown`: a 409 without the current task: read the task and judge that.
 */
export type DeliveryVerdict =
  | { kind: 'delivered' }
  | { kind: 'stillOurs'; rowVersion: string | null }
  | { kind: 'superseded'; currentStatus: BatchTaskStatus | null }
  | { kind: 'unknown' };

/**
 * Sends the final status with the claim's rowVersion. A repeat can never apply twice: the first apply changed
 * the rowVersion, so the repeat gets a 409 whose current task shows our status and message.
 */
export async function sendFinalStatus(api: ApiClient, delivery: PendingDelivery): Promise<DeliveryVerdict> {
  const answer = await api.updateTaskStatus(delivery.taskId, BatchTaskStatus[delivery.status], {
    rowVersion: delivery.rowVersion,
    resultMessage: delivery.resultMessage,
  });
  return answer === null ? { kind: 'unknown' } : judgeDelivery(answer, delivery);
}

/** Judges the task as the server holds it (null: it no longer exists) against the delivery. */
export function judgeDelivery(current: BatchTask | null, delivery: PendingDelivery): DeliveryVerdict {
  if (current === null) return { kind: 'superseded', currentStatus: null };
  if (current.status === BatchTaskStatus[delivery.status] && current.resultMessage === delivery.resultMessage) {
    return { kind: 'delivered' };
  }
  if (current.status === BatchTaskStatus.Running && current.resultMessage === delivery.marker) {
    return { kind: 'stillOurs', rowVersion: current.rowVersion };
  }
  return { kind: 'superseded', currentStatus: current.status };
}
