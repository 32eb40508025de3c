import Database from 'better-sqlite3';

/** Counts the rows of `table` in a server's database file, read-only, beside the running server (WAL allows it). */
export function countRows(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get();
    return row?.n ?? 0;
  } finally {
    db.close();
  }
}

/** The idempotency keys stored in a server's database file. */
export function storedKeys(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], { key: string }>('SELECT key FROM idempotency_keys ORDER BY key').all().map((r) => r.key);
  } finally {
    db.close();
  }
}
