import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSqliteDriver } from '../../../src/server/db/loadSqliteDriver.js';
import { openDatabase } from '../../../src/server/db/openDatabase.js';
import type { Database } from '../../../src/server/db/openDatabase.js';
import { createStore } from '../../../src/server/repositories/store.js';
import type { Store } from '../../../src/server/repositories/store.js';
import type { NewTask } from '../../../src/server/repositories/taskRepository.js';

const DAY = 24 * 60 * 60 * 1000;
const draft = (name: string): NewTask => ({ name, type: 1, parameters: null, assignedNodeId: null, assignedNodeIds: '[]' });

// Two connections on one file stand for two server processes: SQLite locks per connection, so what one
// connection's commit does to the other's open transaction is what another process's commit would do.
describe('several servers on one SQLite file: a write transaction', () => {
  let dir: string;
  let mine: Database;
  let other: Database;
  let store: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vcconn-write-tx-'));
    const driver = await loadSqliteDriver();
    mine = openDatabase(driver, join(dir, 'server.db'));
    other = openDatabase(driver, join(dir, 'server.db'));
    // The other "server" gives up at once instead of waiting: the test must not sleep.
    other.pragma('busy_timeout = 0');
    store = createStore(mine, () => 1_000, DAY);
    store.tasks.create(draft('t'));
  });
  afterEach(() => {
    mine.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const otherWrites = (): void => {
    other.prepare("UPDATE tasks SET result_message = 'other' WHERE name = 't'").run();
  };
  const readThenWrite = (between: () => void) => (): number => {
    const before = mine.prepare('SELECT COUNT(*) AS n FROM tasks').get() as { n: number };
    between();
    mine.prepare("UPDATE tasks SET result_message = 'mine' WHERE name = 't'").run();
    return before.n;
  };

  it('holds the write lock from its start: another process writing meanwhile waits (here: is refused), and this one commits', () => {
    let refusal: unknown;
    const counted = store.writeTransaction(readThenWrite(() => {
      try {
        otherWrites();
      } catch (error) {
        refusal = error;
      }
    }));
    expect(counted).toBe(1);
    expect(refusal).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(other.prepare("SELECT result_message AS m FROM tasks WHERE name = 't'").get()).toEqual({ m: 'mine' });
  });

  it('is needed: a deferred transaction that read before another process committed fails with SQLITE_BUSY_SNAPSHOT, which no busy wait cures', () => {
    expect(() => store.transaction(readThenWrite(otherWrites))).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }) as Error);
    expect(other.prepare("SELECT result_message AS m FROM tasks WHERE name = 't'").get()).toEqual({ m: 'other' });
  });

  it('nests as a savepoint inside an open transaction, as the write routes use it', () => {
    store.writeTransaction(() => store.writeTransaction(() => store.tasks.create(draft('u'))));
    expect(store.tasks.list().map((task) => task.name)).toEqual(['t', 'u']);
  });
});
