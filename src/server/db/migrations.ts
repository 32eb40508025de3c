/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Append only: never edit a migration that has shipped. Times are epoch milliseconds.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  INSERT INTO sequences (name, value) VALUES ('rowVersion', 0);

  CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    type INTEGER NOT NULL,
    status INTEGER NOT NULL,
    assigned_node_id TEXT,
    assigned_node_ids TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    completed_at INTEGER,
    parameters TEXT,
    result_message TEXT,
    row_version INTEGER NOT NULL
  );

  CREATE TABLE nodes (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    ip_address TEXT NOT NULL,
    is_available INTEGER NOT NULL,
    last_heartbeat INTEGER NOT NULL,
    hardware_fingerprint TEXT NOT NULL
  );

  CREATE TABLE file_locks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file_path TEXT NOT NULL UNIQUE,
    locking_node_id TEXT NOT NULL,
    acquired_at INTEGER NOT NULL,
    last_updated_at INTEGER NOT NULL
  );

  CREATE TABLE task_folders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    folder_path TEXT NOT NULL,
    folder_name TEXT NOT NULL,
    status INTEGER NOT NULL,
    assigned_node_id TEXT,
    assigned_node_name TEXT,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    completed_at INTEGER,
    error_message TEXT,
    progress REAL NOT NULL DEFAULT 0,
    output_path TEXT
  );
  CREATE INDEX task_folders_by_task ON task_folders(task_id);

  CREATE TABLE debug_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    message TEXT NOT NULL,
    node_id TEXT,
    timestamp TEXT,
    received_at INTEGER NOT NULL
  );

  CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT,
    payload TEXT,
    headers TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
  );
  CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);
  `,
  // 2: an audit of every write of a task's status and message (one row per write, even one that changes
  // nothing, so a status applied twice shows twice), written by triggers in the same transaction as the change,
  // so a write whose answer was lost, or one committed just before a crash, is never missing from it. No foreign
  // key: the history of a deleted task stays. changed_at is the database's wall clock (epoch ms).
  `
  CREATE TABLE task_status_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL,
    from_status INTEGER,
    to_status INTEGER NOT NULL,
    result_message TEXT,
    row_version INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
  );
  CREATE INDEX task_status_history_by_task ON task_status_history(task_id, seq);

  CREATE TRIGGER task_status_history_on_create AFTER INSERT ON tasks BEGIN
    INSERT INTO task_status_history (task_id, from_status, to_status, result_message, row_version, changed_at)
    VALUES (NEW.id, NULL, NEW.status, NEW.result_message, NEW.row_version,
      CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
  END;

  CREATE TRIGGER task_status_history_on_update AFTER UPDATE OF status, result_message ON tasks BEGIN
    INSERT INTO task_status_history (task_id, from_status, to_status, result_message, row_version, changed_at)
    VALUES (NEW.id, OLD.status, NEW.status, NEW.result_message, NEW.row_version,
      CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
  END;
  `,
];
