import type { BatchTaskStatus, TaskType } from '../api/models/index.js';
import type { DeadLetterReason } from '../outbox/types.js';
import type { ReportedStatus } from './types.js';

/**
 * The events of a {@link TaskExecutionService}, each with one payload object. `at` is the service clock (epoch ms).
 * For one node they come in this order per task: `taskClaimed`, then any `deliveryDeferred`/`deliveryRetried`,
 * then exactly one of `taskCompleted`, `taskFailed`, `taskHandedBack`, `deliverySuperseded`,
 * `deliveryDeadLettered` (with an outbox) or (on dispose, without an outbox) `deliveryAbandoned`.
 */
export interface TaskServiceEvents {
  /** The node is registered (at start, and again after the server forgot it). */
  registered: { nodeId: string; at: number };
  /** The node owns the task now (status Running on the server). `adopted`: it was already Running under this node. */
  taskClaimed: { taskId: number; taskName: string; type: TaskType; adopted: boolean; at: number };
  /** Another node claimed the task first (409 or a newer rowVersion); the service moved on. */
  claimConflict: { taskId: number; at: number };
  /** The server holds the task as Completed with this node's result. */
  taskCompleted: { taskId: number; resultMessage: string; deliveryAttempts: number; at: number };
  /** The server holds the task as Failed with this node's result. */
  taskFailed: { taskId: number; resultMessage: string; deliveryAttempts: number; at: number };
  /** The handler could not reach the server, so the task went back to Pending for any node to take again. */
  taskHandedBack: { taskId: number; resultMessage: string; deliveryAttempts: number; at: number };
  /** A delivery attempt did not get through; the result is held and sent again after `retryInMs`. */
  deliveryDeferred: { taskId: number; status: ReportedStatus; attempt: number; reason: string; retryInMs: number; at: number };
  /** A held result is being sent again (attempt 2 and later). */
  deliveryRetried: { taskId: number; status: ReportedStatus; attempt: number; at: number };
  /** The server moved the task elsewhere meanwhile (cancelled, re-queued): the result was dropped, not applied. */
  deliverySuperseded: { taskId: number; status: ReportedStatus; currentStatus: BatchTaskStatus | null; at: number };
  /**
   * With an outbox: the server refused the result for good (a 400, arguments it no longer takes, too old); it is
   * kept as dead letter `deadLetterId` of the outbox (`vcconn outbox list|retry|drop`), and the node moves on.
   */
  deliveryDeadLettered: {
    taskId: number; status: ReportedStatus; deadLetterId: number; reason: DeadLetterReason; answer: string; at: number;
  };
  /** `dispose()` came while a result was still undelivered; the task stays Running under this node on the server. */
  deliveryAbandoned: { taskId: number; status: ReportedStatus; resultMessage: string; at: number };
  /** The link went down: no new work is claimed until it is back. */
  linkDown: { reason: string; at: number };
  /** The link is back. */
  linkUp: { at: number };
}

/** Name of one of the {@link TaskServiceEvents}. */
export type TaskServiceEventName = keyof TaskServiceEvents;

/** Running totals of a {@link TaskExecutionService}. */
export interface TaskServiceCounters {
  /** Tasks this node took (claims and adoptions). */
  claimed: number;
  /** Claims lost to another node. */
  claimConflicts: number;
  /** Completed results the server confirmed. */
  completed: number;
  /** Failed results the server confirmed. */
  failed: number;
  /** Tasks handed back to Pending because their handler could not reach the server. */
  handedBack: number;
  /** Results dropped because the server had moved the task elsewhere. */
  superseded: number;
  /** Final-status PUTs sent, retries included. */
  deliveryAttempts: number;
}
