import type { Database } from '../db/openDatabase.js';
import type { Clock, NodeRecord } from './records.js';

const COLUMNS = `id, name, ip_address AS ipAddress, is_available AS isAvailable, last_heartbeat AS lastHeartbeat,
  hardware_fingerprint AS hardwareFingerprint`;

interface NodeRow extends Omit<NodeRecord, 'isAvailable'> { isAvailable: number }

const toRecord = (row: NodeRow): NodeRecord => ({ ...row, isAvailable: row.isAvailable !== 0 });

/** Reads and writes `ComputerNode`s. */
export class NodeRepository {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /** Every node, by id. */
  list(): NodeRecord[] {
    return this.db.prepare<[], NodeRow>(`SELECT ${COLUMNS} FROM nodes ORDER BY id`).all().map(toRecord);
  }

  /** Nodes marked available whose last heartbeat is at most `heartbeatTimeoutMs` old. */
  listAvailable(heartbeatTimeoutMs: number): NodeRecord[] {
    return this.db
      .prepare<[number], NodeRow>(`SELECT ${COLUMNS} FROM nodes WHERE is_available = 1 AND last_heartbeat >= ? ORDER BY id`)
      .all(this.clock() - heartbeatTimeoutMs)
      .map(toRecord);
  }

  /** The node with this id, or undefined. */
  find(id: string): NodeRecord | undefined {
    const row = this.db.prepare<[string], NodeRow>(`SELECT ${COLUMNS} FROM nodes WHERE id = ?`).get(id);
    return row === undefined ? undefined : toRecord(row);
  }

  /** Stores a node, replacing one with the same id; `lastHeartbeat` defaults to now. */
  save(node: Omit<NodeRecord, 'lastHeartbeat'> & { lastHeartbeat?: number }): NodeRecord {
    const record: NodeRecord = {
      id: node.id,
      name: node.name,
      ipAddress: node.ipAddress,
      isAvailable: node.isAvailable,
      lastHeartbeat: node.lastHeartbeat ?? this.clock(),
      hardwareFingerprint: node.hardwareFingerprint,
    };
    this.db.prepare(
      `INSERT INTO nodes (id, name, ip_address, is_available, last_heartbeat, hardware_fingerprint)
       VALUES (@id, @name, @ipAddress, @isAvailable, @lastHeartbeat, @hardwareFingerprint)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, ip_address = excluded.ip_address,
       is_available = excluded.is_available, last_heartbeat = excluded.last_heartbeat,
       hardware_fingerprint = excluded.hardware_fingerprint`,
    ).run({ ...record, isAvailable: record.isAvailable ? 1 : 0 });
    return record;
  }

  /** Marks a node alive now; returns it, or undefined when no such node is registered. */
  heartbeat(id: string): NodeRecord | undefined {
    this.db.prepare('UPDATE nodes SET last_heartbeat = ?, is_available = 1 WHERE id = ?').run(this.clock(), id);
    return this.find(id);
  }
}
