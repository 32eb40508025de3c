import Database from 'better-sqlite3';

/** One write to a task's row, as the server's database saw it. */
export interface StatusWrite {
  taskId: number;
  fromStatus: number;
  toStatus: number;
  resultMessage: string | null;
}

/**
 * Records every update of the server's `tasks` table from inside SQLite, by a trigger in the same transaction
 * as the write. Unlike anything seen over HTTP, it cannot miss a write whose answer was lost, nor one
 * committed just before the server was killed.
 */
export class StatusAudit {
  private readonly db: Database.Database;

  /** Installs the audit on a database the server has already created (its schema must exist). */
  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS test_status_audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, task_id INTEGER NOT NULL, from_status INTEGER NOT NULL,
        to_status INTEGER NOT NULL, result_message TEXT);
      CREATE TRIGGER IF NOT EXISTS test_status_audit_trigger AFTER UPDATE ON tasks BEGIN
        INSERT INTO test_status_audit (task_id, from_status, to_status, result_message)
        VALUES (OLD.id, OLD.status, NEW.status, NEW.result_message);
      END;`);
  }

  /** Every write so far, in commit order. */
  writes(): StatusWrite[] {
    return this.db.prepare<[], StatusWrite>(`SELECT task_id AS taskId, from_status AS fromStatus, to_status AS toStatus,
      result_message AS resultMessage FROM test_status_audit ORDER BY seq`).all();
  }

  /** Each task's status and message as stored now. */
  tasks(): { id: number; status: number; resultMessage: string | null }[] {
    return this.db.prepare<[], { id: number; status: number; resultMessage: string | null }>(
      'SELECT id, status, result_message AS resultMessage FROM tasks ORDER BY id').all();
  }

  close(): void {
    this.db.close();
  }
}
