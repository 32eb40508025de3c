import { describe, expect, it } from 'vitest';
import { loadSqliteDriver } from '../../../src/server/db/loadSqliteDriver.js';
import { SqliteDriverMissingError, isSqliteDriverMissingError } from '../../../src/server/errors/SqliteDriverMissingError.js';
import { isVcconnError } from '../../../src/errors/VcconnError.js';

describe('loadSqliteDriver', () => {
  it('loads better-sqlite3 when it is installed', async () => {
    const Driver = await loadSqliteDriver();
    const db = new Driver(':memory:');
    expect(db.prepare<[], { one: number }>('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
  });

  it('throws a typed error telling to install it when the import fails, keeping the cause', async () => {
    const cause = Object.assign(new Error("Cannot find package 'better-sqlite3'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const failing = await loadSqliteDriver(() => Promise.reject(cause)).catch((error: unknown) => error);
    expect(failing).toBeInstanceOf(SqliteDriverMissingError);
    expect(isSqliteDriverMissingError(failing)).toBe(true);
    expect(isVcconnError(failing)).toBe(true);
    expect(failing).toMatchObject({ code: 'ERR_SQLITE_DRIVER_MISSING', packageName: 'better-sqlite3', cause });
    expect((failing as Error).message).toContain('npm install better-sqlite3@12');
  });

  it('guards tell other errors apart', () => {
    expect(isSqliteDriverMissingError(new Error('x'))).toBe(false);
  });
});
