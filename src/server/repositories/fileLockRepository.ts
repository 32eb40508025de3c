import type { Database } from '../db/openDatabase.js';
import type { Clock, FileLockRecord } from './records.js';

const COLUMNS = `id, file_path AS filePath, locking_node_id AS lockingNodeId, acquired_at AS acquiredAt,
  last_updated_at AS lastUpdatedAt`;

/** Reads and writes `FileLock`s; a path has at most one lock. */
export class FileLockRepository {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /** Every lock, oldest first. */
  list(): FileLockRecord[] {
    return this.db.prepare<[], FileLockRecord>(`SELECT ${COLUMNS} FROM file_locks ORDER BY id`).all();
  }

  /** The lock on this exact path, or undefined. */
  find(filePath: string): FileLockRecord | undefined {
    return this.db.prepare<[string], FileLockRecord>(`SELECT ${COLUMNS} FROM file_locks WHERE file_path = ?`).get(filePath);
  }

  /** Takes a free path for `nodeId`. */
  insert(filePath: string, nodeId: string): void {
    const now = this.clock();
    this.db.prepare('INSERT INTO file_locks (file_path, locking_node_id, acquired_at, last_updated_at) VALUES (?, ?, ?, ?)')
      .run(filePath, nodeId, now, now);
  }

  /** Marks an existing lock as re-acquired now by its owner. */
  touch(filePath: string): void {
    this.db.prepare('UPDATE file_locks SET last_updated_at = ? WHERE file_path = ?').run(this.clock(), filePath);
  }

  /** Frees a path. */
  delete(filePath: string): void {
    this.db.prepare('DELETE FROM file_locks WHERE file_path = ?').run(filePath);
  }

  /** Frees every path; returns how many locks there were. */
  deleteAll(): number {
    return this.db.prepare('DELETE FROM file_locks').run().changes;
  }
}
