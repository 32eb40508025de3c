import { loadSqliteDriver } from '../server/db/loadSqliteDriver.js';
import { openDatabase } from '../server/db/openDatabase.js';
import { TaskRepository } from '../server/repositories/taskRepository.js';
import { TaskStatusHistoryRepository } from '../server/repositories/taskStatusHistoryRepository.js';
import type { TaskStatusChange } from '../server/repositories/taskStatusHistoryRepository.js';
import type { StoredTask } from './audit.js';

/** The server's data at the end of a run. */
export interface ServerRecord {
  readonly tasks: StoredTask[];
  readonly history: TaskStatusChange[];
}

/**
 * Reads the tasks and their status history from the server's SQLite file. Call it once the server has stopped,
 * so every write is in the file; the database is closed again before this resolves.
 * @throws {@link SqliteDriverMissingError} when better-sqlite3 is not installed.
 */
export async function readServerRecord(dbFile: string): Promise<ServerRecord> {
  const db = openDatabase(await loadSqliteDriver(), dbFile);
  try {
    const tasks = new TaskRepository(db, Date.now).list().map(({ id, name, status, resultMessage }) => ({ id, name, status, resultMessage }));
    return { tasks, history: new TaskStatusHistoryRepository(db).list() };
  } finally {
    db.close();
  }
}
