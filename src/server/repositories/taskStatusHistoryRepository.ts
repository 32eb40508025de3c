import type { Database } from '../db/openDatabase.js';

/** One write of a task's status (or its creation), as the database recorded it. */
export interface TaskStatusChange {
  /** Commit order across all tasks. */
  seq: number;
  taskId: number;
  /** The status before the write; null for the task's creation. */
  fromStatus: number | null;
  toStatus: number;
  resultMessage: string | null;
  /** The task's rowVersion after the write. */
  rowVersion: number;
  /** The database's wall clock at the write, epoch ms. */
  changedAt: number;
}

const COLUMNS = `seq, task_id AS taskId, from_status AS fromStatus, to_status AS toStatus, result_message AS resultMessage,
  row_version AS rowVersion, changed_at AS changedAt`;

/**
 * Reads the task status history that the schema's triggers write (migration 2): a row for every task created and
 * for every write of a task's status or message, in the same transaction as the write itself. Nothing in the
 * server writes it by hand, so it also holds writes whose answer never reached the client.
 */
export class TaskStatusHistoryRepository {
  constructor(private readonly db: Database) {}

  /** Every recorded change, in commit order. */
  list(): TaskStatusChange[] {
    return this.db.prepare<[], TaskStatusChange>(`SELECT ${COLUMNS} FROM task_status_history ORDER BY seq`).all();
  }

  /** The changes of one task, in commit order (kept after the task is deleted). */
  forTask(taskId: number): TaskStatusChange[] {
    return this.db.prepare<[number], TaskStatusChange>(
      `SELECT ${COLUMNS} FROM task_status_history WHERE task_id = ? ORDER BY seq`,
    ).all(taskId);
  }
}
