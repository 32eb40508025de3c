import type { Database } from '../db/openDatabase.js';
import type { Clock, DebugMessageRecord } from './records.js';

const COLUMNS = 'id, source, message, node_id AS nodeId, timestamp, received_at AS receivedAt';

/** How many debug messages the server keeps; older ones are dropped as new ones arrive. */
export const DEBUG_MESSAGES_KEPT = 1000;

/** Keeps the most recent messages nodes sent to `POST api/debug`. */
export class DebugMessageRepository {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /** Stores a message (dropping the oldest beyond {@link DEBUG_MESSAGES_KEPT}) and returns it as stored. */
  add(message: Pick<DebugMessageRecord, 'source' | 'message' | 'nodeId' | 'timestamp'>): DebugMessageRecord {
    const row = this.db.prepare<[Record<string, unknown>], DebugMessageRecord>(
      `INSERT INTO debug_messages (source, message, node_id, timestamp, received_at)
       VALUES (@source, @message, @nodeId, @timestamp, @receivedAt) RETURNING ${COLUMNS}`,
    ).get({ ...message, receivedAt: this.clock() });
    if (row === undefined) throw new Error('INSERT ... RETURNING returned no message');
    this.db.prepare('DELETE FROM debug_messages WHERE id <= ?').run(row.id - DEBUG_MESSAGES_KEPT);
    return row;
  }

  /** The most recent `limit` messages, oldest first. */
  recent(limit: number): DebugMessageRecord[] {
    return this.db
      .prepare<[number], DebugMessageRecord>(`SELECT * FROM (SELECT ${COLUMNS} FROM debug_messages ORDER BY id DESC LIMIT ?) ORDER BY id`)
      .all(limit);
  }
}
