import type { Database } from '../db/openDatabase.js';
import { nextRowVersion } from '../db/rowVersion.js';
import type { Clock, TaskRecord } from './records.js';

const COLUMNS = `id, name, type, status, assigned_node_id AS assignedNodeId, assigned_node_ids AS assignedNodeIds,
  created_at AS createdAt, started_at AS startedAt, completed_at AS completedAt, parameters,
  result_message AS resultMessage, row_version AS rowVersion`;

/** What a new task is made of; the rest (id, times, status Pending, rowVersion) the server sets. */
export interface NewTask {
  name: string;
  type: number;
  parameters: string | null;
  assignedNodeId: string | null;
  assignedNodeIds: string;
}

/** Fields a task update may change; every update also takes a new rowVersion. */
export type TaskChanges = Partial<Pick<TaskRecord,
  'status' | 'startedAt' | 'completedAt' | 'resultMessage' | 'assignedNodeId' | 'assignedNodeIds'>>;

/** Reads and writes `BatchTask`s. */
export class TaskRepository {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /** Every task, oldest first. */
  list(): TaskRecord[] {
    return this.db.prepare<[], TaskRecord>(`SELECT ${COLUMNS} FROM tasks ORDER BY id`).all();
  }

  /** The task with this id, or undefined. */
  find(id: number): TaskRecord | undefined {
    return this.db.prepare<[number], TaskRecord>(`SELECT ${COLUMNS} FROM tasks WHERE id = ?`).get(id);
  }

  /** Stores a new Pending task and returns it as stored. */
  create(task: NewTask): TaskRecord {
    const row = this.db.prepare<[string, number, string | null, string | null, string, number, number], TaskRecord>(
      `INSERT INTO tasks (name, type, status, parameters, assigned_node_id, assigned_node_ids, created_at, row_version)
       VALUES (?, ?, 0, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
    ).get(task.name, task.type, task.parameters, task.assignedNodeId, task.assignedNodeIds, this.clock(), nextRowVersion(this.db));
    if (row === undefined) throw new Error('INSERT ... RETURNING returned no task');
    return row;
  }

  /** Applies `changes` to an existing task with a new rowVersion and returns the task as stored. */
  update(id: number, changes: TaskChanges): TaskRecord {
    const current = this.find(id);
    if (current === undefined) throw new Error(`Task ${id} vanished inside its own transaction`);
    const next: TaskRecord = { ...current, ...changes, rowVersion: nextRowVersion(this.db) };
    this.db.prepare(
      `UPDATE tasks SET status = @status, started_at = @startedAt, completed_at = @completedAt,
       result_message = @resultMessage, assigned_node_id = @assignedNodeId, assigned_node_ids = @assignedNodeIds,
       row_version = @rowVersion WHERE id = @id`,
    ).run(next);
    return next;
  }
}
