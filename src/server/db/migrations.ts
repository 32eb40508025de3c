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
];
