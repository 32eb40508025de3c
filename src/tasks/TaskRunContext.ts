import type { ApiClient } from '../api/ApiClient.js';
import type { BatchTask } from '../api/models/index.js';
import { createFolderOnce } from './createFolderOnce.js';
import { isOutboxClosedError } from '../errors/OutboxClosedError.js';
import { isOutboxFullError } from '../errors/OutboxFullError.js';
import { isOutboxStorageError } from '../errors/OutboxStorageError.js';
import { isLinkFailure } from './linkFailure.js';
import type { OfflineWriter } from '../outbox/types.js';
import { lockEntity, taskEntity } from './queuedResults.js';
import type { FolderProgressReport, LockedResult, NodeIdentity, TaskContext } from './types.js';

/** What a run context borrows from its service. */
export interface RunContextDeps {
  api: ApiClient;
  node: Readonly<NodeIdentity>;
  signal: AbortSignal;
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<boolean>;
  /** Runs a call through the service, so its outcome moves the inferred link. */
  track: <T>(call: () => Promise<T>) => Promise<T>;
  /** The service's outbox: progress of a known folder and lock releases the server cannot hear are queued there. */
  outbox?: OfflineWriter;
}

/**
 * The {@link TaskContext} of one task run. It remembers the folders it created (so a report never creates a
 * folder twice) and the locks the handler holds (so none outlives the run).
 */
export class TaskRunContext implements TaskContext {
  readonly node: Readonly<NodeIdentity>;
  readonly signal: AbortSignal;
  private readonly folderIds = new Map<string, number>();
  private readonly heldLocks = new Set<string>();
  /** Locks whose release could not reach the server; the service retries them before its next claim. */
  readonly unreleasedLocks = new Set<string>();

  constructor(private readonly task: Readonly<BatchTask>, private readonly deps: RunContextDeps) {
    this.node = deps.node;
    this.signal = deps.signal;
  }

  now(): number {
    return this.deps.now();
  }

  delay(ms: number): Promise<boolean> {
    return this.deps.sleep(ms, this.signal);
  }

  async reportFolderProgress(report: FolderProgressReport): Promise<boolean> {
    const { api, node, track, outbox } = this.deps;
    try {
      const folderId = await this.folderIdFor(report);
      const details = {
        nodeId: node.id,
        nodeName: node.name,
        progress: report.progress,
        errorMessage: report.errorMessage,
        outputPath: report.outputPath,
      };
      if (outbox !== undefined) return await this.queueProgress(outbox, folderId, report, details);
      await track(() => api.updateTaskFolderStatus(folderId, report.status, details));
      return true;
    } catch (error) {
      if (isLinkFailure(error)) return false;
      throw error;
    }
  }

  async acquireFileLock(filePath: string): Promise<boolean> {
    const { api, node, track } = this.deps;
    let acquired: boolean;
    try {
      acquired = await track(() => api.tryAcquireFileLock(filePath, node.id));
    } catch (error) {
      // The server may have granted the lock before its answer was lost: release it as a held one, or another
      // node taking the handed-back task would find the file locked by us for good. Releasing a lock we never
      // got is answered "not the owner" and changes nothing.
      if (isLinkFailure(error)) this.heldLocks.add(filePath);
      throw error;
    }
    if (acquired) this.heldLocks.add(filePath);
    return acquired;
  }

  async releaseFileLock(filePath: string): Promise<void> {
    if (!this.heldLocks.delete(filePath)) return;
    const { api, node, track } = this.deps;
    try {
      await track(() => api.releaseFileLock(filePath, node.id));
    } catch (error) {
      if (!isLinkFailure(error)) throw error;
      // In the outbox the release outlives this process; the service claims nothing until it is delivered.
      const queued = await this.deps.outbox?.enqueue({ operation: 'releaseFileLock', args: [filePath, node.id], entity: lockEntity(filePath) }).then(() => true, () => false);
      if (queued !== true) this.unreleasedLocks.add(filePath);
    }
  }

  async withFileLock<T>(filePath: string, work: () => Promise<T>): Promise<LockedResult<T>> {
    if (!(await this.acquireFileLock(filePath))) return { acquired: false };
    try {
      return { acquired: true, value: await work() };
    } finally {
      await this.releaseFileLock(filePath);
    }
  }

  // Sent at once when the link is up and nothing of the task is queued, queued otherwise: in the task's entity, so
  // it reaches the server before the task's result. An outbox that cannot take it drops the report, as a link down does.
  private async queueProgress(
    outbox: OfflineWriter, folderId: number, report: FolderProgressReport,
    details: { nodeId: string; nodeName: string; progress: number; errorMessage?: string | null; outputPath?: string | null },
  ): Promise<boolean> {
    try {
      await outbox.write({ operation: 'updateTaskFolderStatus', args: [folderId, report.status, details], entity: taskEntity(this.task.id) });
      return true;
    } catch (error) {
      if (isLinkFailure(error) || isOutboxFullError(error) || isOutboxStorageError(error) || isOutboxClosedError(error)) return false;
      throw error;
    }
  }

  /** Releases every lock the handler left held; those the server cannot hear now join `unreleasedLocks`. */
  async releaseAll(): Promise<void> {
    for (const filePath of [...this.heldLocks]) {
      try {
        await this.releaseFileLock(filePath);
      } catch {
        // A refusal (not the owner any more) means the lock is gone already; nothing is left to release.
      }
    }
  }

  // The first report for a path looks for the folder before creating it (an earlier run of the task, or a report
  // whose create failed, may have made it): createTaskFolder is not idempotent, and a create whose answer was lost
  // must not leave two folders behind. The create itself reads back after an unknown outcome (createFolderOnce).
  private async folderIdFor(report: FolderProgressReport): Promise<number> {
    const known = this.folderIds.get(report.folderPath);
    if (known !== undefined) return known;
    const { api, track } = this.deps;
    const existing = (await track(() => api.getTaskFolders(this.task.id))).find((f) => f.folderPath === report.folderPath);
    const folder = existing ?? await createFolderOnce(api, this.task.id, {
      folderPath: report.folderPath,
      folderName: report.folderName ?? lastSegment(report.folderPath),
      status: report.status,
      progress: report.progress,
      outputPath: report.outputPath,
    }, track);
    this.folderIds.set(report.folderPath, folder.id);
    return folder.id;
  }
}

function lastSegment(path: string): string {
  return path.split(/[\\/]/).filter((segment) => segment !== '').at(-1) ?? path;
}
