import type { BatchTask, TaskFolderStatus, TaskFolderStatusName } from '../api/models/index.js';

/** The worker node a service runs as; registered with the server under `id`. */
export interface NodeIdentity {
  /** The node's id on the server (an upsert key: registering again is harmless). */
  id: string;
  /** Display name; also put on the folders it reports. */
  name: string;
  /** Default ''. */
  ipAddress?: string;
  /** Default null. */
  hardwareFingerprint?: string | null;
}

/** The final status of a task as a handler decides it. */
export type FinalStatus = 'Completed' | 'Failed';

/**
 * What the service reports for a task: a final status, or `Pending` when it hands the task back (its handler
 * failed because the server could not be reached, which says nothing about the task itself).
 */
export type ReportedStatus = FinalStatus | 'Pending';

/** What a handler returns: the final status and the message the server stores with it. */
export interface TaskOutcome {
  status: FinalStatus;
  resultMessage: string;
}

/** One progress report for a folder of the running task. */
export interface FolderProgressReport {
  /** Identifies the folder within the task: the first report creates it, later ones update it. */
  folderPath: string;
  /** Default: the last segment of `folderPath`. */
  folderName?: string;
  status: TaskFolderStatus | TaskFolderStatusName;
  /** Percentage, 0..100. */
  progress: number;
  errorMessage?: string | null;
  outputPath?: string | null;
}

/** What a lock helper yields: the work's value when the lock was got, or that another node holds it. */
export type LockedResult<T> = { acquired: true; value: T } | { acquired: false };

/** What a handler gets besides its task. */
export interface TaskContext {
  /** The node running the task. */
  readonly node: Readonly<NodeIdentity>;
  /** Aborted when the service is disposed mid-task: stop and return (or throw) promptly. */
  readonly signal: AbortSignal;
  /** The service's clock, epoch ms. */
  now(): number;
  /** Waits `ms` on the service's timers; resolves early (false) when `signal` aborts. */
  delay(ms: number): Promise<boolean>;
  /**
   * Creates (first report for a path) or updates a folder of this task, stamped with this node.
   * Resolves false when the server cannot be reached (the report is dropped, the work goes on).
   * @throws {@link InvalidArgumentError} for a bad report (e.g. progress outside 0..100).
   */
  reportFolderProgress(report: FolderProgressReport): Promise<boolean>;
  /**
   * Tries to take the file lock for `filePath`; false when another node holds it. A lock still held when the
   * handler ends is released by the service. Rejects with the client's error when the server is unreachable.
   */
  acquireFileLock(filePath: string): Promise<boolean>;
  /** Releases a lock this task took; a release the server cannot hear now is retried before the next claim. */
  releaseFileLock(filePath: string): Promise<void>;
  /** Takes the lock, runs `work`, and releases the lock in a `finally`; does not run `work` if the lock is held. */
  withFileLock<T>(filePath: string, work: () => Promise<T>): Promise<LockedResult<T>>;
}

/**
 * Runs one task of a given type. Resolve with the outcome; a rejection becomes `Failed` with the error's message,
 * except a rejection with a link failure (server unreachable), which hands the task back as Pending for any node
 * to take again (and on dispose the result is dropped).
 */
export type TaskHandler = (task: Readonly<BatchTask>, context: TaskContext) => Promise<TaskOutcome>;

/** Something to log through: a winston logger fits, so does `console`. */
export interface TaskLogger {
  debug(message: string, meta?: Record<string, unknown>): unknown;
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

/** A logger that drops everything: the default. */
export const silentTaskLogger: TaskLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};
