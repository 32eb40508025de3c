import type { Database } from '../db/openDatabase.js';
import type { Clock } from './records.js';

/** A response as it went out, kept so a repeated request gets exactly the same answer. */
export interface StoredResponse {
  status: number;
  contentType: string | null;
  payload: string | null;
  headers: Record<string, string>;
}

/** What a key was first used for, and what was answered. */
export interface IdempotencyRecord {
  key: string;
  method: string;
  path: string;
  bodyHash: string;
  response: StoredResponse;
  createdAt: number;
}

interface Row {
  key: string; method: string; path: string; bodyHash: string; status: number;
  contentType: string | null; payload: string | null; headers: string; createdAt: number;
}

/** Idempotency keys and their first answers, kept at least `ttlMs`. */
export class IdempotencyRepository {
  constructor(private readonly db: Database, private readonly clock: Clock, private readonly ttlMs: number) {}

  /** The live record of `key`, or undefined when unused or older than the time to live. */
  find(key: string): IdempotencyRecord | undefined {
    const row = this.db.prepare<[string, number], Row>(
      `SELECT key, method, path, body_hash AS bodyHash, status, content_type AS contentType, payload, headers,
       created_at AS createdAt FROM idempotency_keys WHERE key = ? AND created_at > ?`,
    ).get(key, this.clock() - this.ttlMs);
    if (row === undefined) return undefined;
    const { status, contentType, payload, headers, ...rest } = row;
    return { ...rest, response: { status, contentType, payload, headers: JSON.parse(headers) as Record<string, string> } };
  }

  /** Records the first answer to `key` (replacing an expired record of the same key). */
  save(record: Omit<IdempotencyRecord, 'createdAt'>): void {
    const { response, ...rest } = record;
    this.db.prepare(
      `INSERT OR REPLACE INTO idempotency_keys (key, method, path, body_hash, status, content_type, payload, headers, created_at)
       VALUES (@key, @method, @path, @bodyHash, @status, @contentType, @payload, @headers, @createdAt)`,
    ).run({ ...rest, ...response, headers: JSON.stringify(response.headers), createdAt: this.clock() });
  }

  /** Deletes records older than the time to live; returns how many. */
  prune(): number {
    return this.db.prepare('DELETE FROM idempotency_keys WHERE created_at <= ?').run(this.clock() - this.ttlMs).changes;
  }
}
