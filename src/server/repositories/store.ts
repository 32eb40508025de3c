import type { Database } from '../db/openDatabase.js';
import { DebugMessageRepository } from './debugMessageRepository.js';
import { FileLockRepository } from './fileLockRepository.js';
import { IdempotencyRepository } from './idempotencyRepository.js';
import { NodeRepository } from './nodeRepository.js';
import type { Clock } from './records.js';
import { TaskFolderRepository } from './taskFolderRepository.js';
import { TaskRepository } from './taskRepository.js';

/** Every repository over one database, plus the transaction wrapper the routes run in. */
export interface Store {
  readonly tasks: TaskRepository;
  readonly nodes: NodeRepository;
  readonly fileLocks: FileLockRepository;
  readonly taskFolders: TaskFolderRepository;
  readonly debugMessages: DebugMessageRepository;
  readonly idempotency: IdempotencyRepository;
  /**
   * Runs `work` in a transaction (a savepoint when nested): it commits when `work` returns and rolls back
   * when it throws.
   */
  transaction<T>(work: () => T): T;
  /**
   * As {@link Store.transaction}, for work that writes: `BEGIN IMMEDIATE` takes the write lock first, waiting up to
   * the busy timeout for it. A deferred transaction that reads before it writes fails at once with
   * SQLITE_BUSY_SNAPSHOT (no busy wait helps) when another process (several servers on one file) committed since its
   * read began.
   */
  writeTransaction<T>(work: () => T): T;
}

/** Builds the repositories over `db`, reading the time from `clock`. */
export function createStore(db: Database, clock: Clock, idempotencyTtlMs: number): Store {
  return {
    tasks: new TaskRepository(db, clock),
    nodes: new NodeRepository(db, clock),
    fileLocks: new FileLockRepository(db, clock),
    taskFolders: new TaskFolderRepository(db, clock),
    debugMessages: new DebugMessageRepository(db, clock),
    idempotency: new IdempotencyRepository(db, clock, idempotencyTtlMs),
    transaction: <T>(work: () => T): T => db.transaction(work)(),
    // Nested in an open transaction, better-sqlite3 makes a savepoint of it like any other.
    writeTransaction: <T>(work: () => T): T => db.transaction(work).immediate(),
  };
}
