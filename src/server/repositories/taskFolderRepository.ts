import type { Database } from '../db/openDatabase.js';
import type { Clock, TaskFolderRecord } from './records.js';

const COLUMNS = `id, task_id AS taskId, folder_path AS folderPath, folder_name AS folderName, status,
  assigned_node_id AS assignedNodeId, assigned_node_name AS assignedNodeName, created_at AS createdAt,
  started_at AS startedAt, completed_at AS completedAt, error_message AS errorMessage, progress,
  output_path AS outputPath`;

/** What a new folder is made of; id and createdAt the server sets. */
export type NewTaskFolder = Omit<TaskFolderRecord, 'id' | 'createdAt'>;

/** Fields a folder status update may change. */
export type TaskFolderChanges = Partial<Pick<TaskFolderRecord,
  'status' | 'assignedNodeId' | 'assignedNodeName' | 'startedAt' | 'completedAt' | 'errorMessage' | 'progress' | 'outputPath'>>;

/** Reads and writes `TaskFolderProgress` rows. */
export class TaskFolderRepository {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /** The folders of a task, in creation order. */
  listByTask(taskId: number): TaskFolderRecord[] {
    return this.db.prepare<[number], TaskFolderRecord>(`SELECT ${COLUMNS} FROM task_folders WHERE task_id = ? ORDER BY id`).all(taskId);
  }

  /** The folder with this id, or undefined. */
  find(id: number): TaskFolderRecord | undefined {
    return this.db.prepare<[number], TaskFolderRecord>(`SELECT ${COLUMNS} FROM task_folders WHERE id = ?`).get(id);
  }

  /** Stores a new folder and returns it as stored. */
  create(folder: NewTaskFolder): TaskFolderRecord {
    const row = this.db.prepare<[Record<string, unknown>], TaskFolderRecord>(
      `INSERT INTO task_folders (task_id, folder_path, folder_name, status, assigned_node_id, assigned_node_name,
         created_at, started_at, completed_at, error_message, progress, output_path)
       VALUES (@taskId, @folderPath, @folderName, @status, @assignedNodeId, @assignedNodeName, @createdAt, @startedAt,
         @completedAt, @errorMessage, @progress, @outputPath)
       RETURNING ${COLUMNS}`,
    ).get({ ...folder, createdAt: this.clock() });
    if (row === undefined) throw new Error('INSERT ... RETURNING returned no folder');
    return row;
  }

  /** Applies `changes` to an existing folder and returns it as stored. */
  update(id: number, changes: TaskFolderChanges): TaskFolderRecord {
    const current = this.find(id);
    if (current === undefined) throw new Error(`Task folder ${id} vanished inside its own transaction`);
    const next: TaskFolderRecord = { ...current, ...changes };
    this.db.prepare(
      `UPDATE task_folders SET status = @status, assigned_node_id = @assignedNodeId,
       assigned_node_name = @assignedNodeName, started_at = @startedAt, completed_at = @completedAt,
       error_message = @errorMessage, progress = @progress, output_path = @outputPath WHERE id = @id`,
    ).run(next);
    return next;
  }

  /** Deletes every folder of a task; returns how many there were. */
  deleteByTask(taskId: number): number {
    return this.db.prepare('DELETE FROM task_folders WHERE task_id = ?').run(taskId).changes;
  }
}
