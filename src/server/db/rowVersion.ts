import { HttpError } from '../http/HttpError.js';
import type { Database } from './openDatabase.js';

/**
 * Takes the next value of the database-wide row version counter (SQL Server's `rowversion` is database-wide
 * and only grows; so does this one).
 */
export function nextRowVersion(db: Database): number {
  const row = db
    .prepare<[], { value: number }>("UPDATE sequences SET value = value + 1 WHERE name = 'rowVersion' RETURNING value")
    .get();
  if (row === undefined) throw new Error('The rowVersion sequence is missing from the database');
  return row.value;
}

/** Writes a row version as the real server does: 8 bytes, big-endian, in base64. */
export function encodeRowVersion(value: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes.toString('base64');
}

/**
 * Reads a base64 row version sent by a client.
 * @throws {@link HttpError} 400 when it is not base64 of exactly 8 bytes.
 */
export function decodeRowVersion(text: string): number {
  const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 8) {
    throw new HttpError(400, `rowVersion must be base64 of 8 bytes, as the server sent it; got ${JSON.stringify(text)}`);
  }
  const value = bytes.readBigUInt64BE();
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}
