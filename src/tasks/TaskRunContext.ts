import type { ApiClient } from '../api/ApiClient.js';
import type { BatchTask } from '../api/models/index.js';
import { createFolderOnce } from './createFolderOnce.js';
import { isLinkFailure } from './linkFailure.js';
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
    const { api, node, track } = this.deps;
    try {
      const folderId = await this.folderIdFor(report);
      await track(() => api.updateTaskFolderStatus(folderId, report.status, {
        nodeId: node.id,
        nodeName: node.name,
        progress: report.progress,
        errorMessage: report.errorMessage,
        outputPath: report.outputPath,
      }));
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
      this.unreleasedLocks.add(filePath);
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
