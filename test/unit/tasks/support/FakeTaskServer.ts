import type { ApiClient, ConnectionHealthStatus } from '../../../../src/api/ApiClient.js';
import { BatchTaskStatus, TaskFolderStatus, TaskType } from '../../../../src/api/models/index.js';
import type {
  BatchTask, BatchTaskDraft, BatchTaskStatusName, ComputerNode, ComputerNodeInput, FileLock, TaskFolderDraft,
  TaskFolderProgress, TaskFolderStatusDetails, TaskFolderStatusName, TaskTypeName,
} from '../../../../src/api/models/index.js';
import type { UpdateTaskStatusOptions } from '../../../../src/api/operations/index.js';
import { HttpStatusError } from '../../../../src/errors/HttpStatusError.js';
import { NetworkError } from '../../../../src/errors/NetworkError.js';
import { OutcomeUnknownError } from '../../../../src/errors/OutcomeUnknownError.js';

/** One status write the fake applied. */
export interface AppliedStatus {
  taskId: number;
  from: BatchTaskStatus;
  to: BatchTaskStatus;
  resultMessage: string | null;
}

type OperationName = keyof ApiClient;

// Same moves as the reference server (src/server/domain/taskTransitions.ts); re-sending the current status is allowed.
const MOVES: Record<number, readonly number[]> = {
  0: [1, 3, 4], 1: [0, 2, 3, 4], 2: [], 3: [0], 4: [],
};

/**
 * An in-memory ApiClient with the reference server's task rules (rowVersion checks, 409 -> current task, status
 * moves, file locks held per node) and two faults: `down` (every call refused) and `loseAnswer` (the next matching
 * call is applied, then its answer is lost as a connection reset).
 */
export class FakeTaskServer implements ApiClient {
  readonly baseUrl = 'http://fake.invalid';
  down = false;
  readonly applied: AppliedStatus[] = [];
  readonly calls: { operation: OperationName; args: unknown[] }[] = [];
  readonly nodes = new Map<string, ComputerNode>();
  readonly locks = new Map<string, string>();
  readonly folders: TaskFolderProgress[] = [];
  heartbeats = 0;
  private readonly tasks = new Map<number, BatchTask>();
  private rowVersion = 0;
  private nextId = 1;
  private lost: ((operation: OperationName, args: unknown[]) => boolean) | undefined;
  private lostAs: 'reset' | 'outcomeUnknown' = 'reset';

  /** Adds a Pending task as the server would store it. */
  seed(name: string, type: TaskType | TaskTypeName, extra: Partial<BatchTask> = {}): BatchTask {
    const task: BatchTask = {
      id: this.nextId++, name, type: typeof type === 'number' ? type : TaskType[type], status: BatchTaskStatus.Pending,
      assignedNodeId: null, assignedNodeIds: '[]', createdAt: new Date(0).toISOString(), startedAt: null,
      completedAt: null, parameters: null, resultMessage: null, rowVersion: this.nextRowVersion(), ...extra,
    };
    this.tasks.set(task.id, task);
    return { ...task };
  }

  /** The task as stored now. */
  task(id: number): BatchTask {
    const task = this.tasks.get(id);
    if (task === undefined) throw new HttpStatusError('task', 404, `Task ${id} not found`);
    return { ...task };
  }

  /**
   * The next call for which `match` is true is applied, then fails as if its answer was lost: a connection reset,
   * or (`outcomeUnknown`) the OutcomeUnknownError a client gives for a non-idempotent call to a server that
   * ignores Idempotency-Key.
   */
  loseAnswer(match: (operation: OperationName, args: unknown[]) => boolean, as: 'reset' | 'outcomeUnknown' = 'reset'): void {
    this.lost = match;
    this.lostAs = as;
  }

  /** Deletes a task, as an operator with database access might. */
  remove(id: number): void {
    this.tasks.delete(id);
  }

  /** Writes a status as an operator would (no rowVersion), e.g. to cancel a task under a node. */
  forceStatus(id: number, status: BatchTaskStatus, resultMessage: string | null = null): void {
    const task = this.task(id);
    this.tasks.set(id, { ...task, status, resultMessage, rowVersion: this.nextRowVersion() });
  }

  testConnection(): Promise<boolean> {
    this.calls.push({ operation: 'testConnection', args: [] });
    return Promise.resolve(!this.down);
  }
  async getConnectionHealth(): Promise<ConnectionHealthStatus> {
    const healthy = await this.testConnection();
    return { isHealthy: healthy, responseTimeMs: 0, lastError: null, lastChecked: 0, circuitBreakerOpen: false, failureCount: 0, serverVersion: 'fake' };
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
  getTasks(): Promise<BatchTask[]> {
    return this.serve('getTasks', [], () => [...this.tasks.values()].map((t) => ({ ...t })));
  }
  getTaskById(taskId: number): Promise<BatchTask | null> {
    return this.serve('getTaskById', [taskId], () => {
      const task = this.tasks.get(taskId);
      return task === undefined ? null : { ...task };
    });
  }
  createTask(draft: BatchTaskDraft): Promise<BatchTask> {
    return this.serve('createTask', [draft], () => this.seed(draft.name, draft.type));
  }
  updateTaskStatus(taskId: number, status: BatchTaskStatus | BatchTaskStatusName, options: UpdateTaskStatusOptions = {}): Promise<BatchTask | null> {
    return this.serve('updateTaskStatus', [taskId, status, options], () => {
      const task = this.task(taskId);
      const to = typeof status === 'number' ? status : BatchTaskStatus[status];
      const staleRow = options.rowVersion !== undefined && options.rowVersion !== null && options.rowVersion !== task.rowVersion;
      if (staleRow || !(task.status === to || (MOVES[task.status] ?? []).includes(to))) return task;
      const next: BatchTask = { ...task, status: to, rowVersion: this.nextRowVersion() };
      if (options.resultMessage !== undefined) next.resultMessage = options.resultMessage;
      this.tasks.set(taskId, next);
      this.applied.push({ taskId, from: task.status, to, resultMessage: next.resultMessage });
      return { ...next };
    });
  }
  assignTaskToNode(taskId: number, nodeId: string): Promise<boolean> {
    return this.serve('assignTaskToNode', [taskId, nodeId], () => {
      const task = this.task(taskId);
      this.tasks.set(taskId, { ...task, assignedNodeId: nodeId, rowVersion: this.nextRowVersion() });
      return true;
    });
  }
  getAvailableNodes(): Promise<ComputerNode[]> {
    return this.serve('getAvailableNodes', [], () => [...this.nodes.values()]);
  }
  getAllNodes(): Promise<ComputerNode[]> {
    return this.serve('getAllNodes', [], () => [...this.nodes.values()]);
  }
  registerNode(node: ComputerNodeInput): Promise<ComputerNode> {
    return this.serve('registerNode', [node], () => {
      // As the reference server: its schema refuses a null fingerprint with a 400.
      if (node.hardwareFingerprint === null) throw new HttpStatusError('registerNode', 400, 'body/hardwareFingerprint must be string');
      const stored: ComputerNode = {
        id: node.id, name: node.name, ipAddress: node.ipAddress, isAvailable: node.isAvailable ?? true,
        lastHeartbeat: new Date(0).toISOString(), hardwareFingerprint: node.hardwareFingerprint ?? null,
      };
      this.nodes.set(node.id, stored);
      return stored;
    });
  }
  sendHeartbeat(nodeId: string): Promise<boolean> {
    return this.serve('sendHeartbeat', [nodeId], () => {
      this.heartbeats += 1;
      return this.nodes.has(nodeId);
    });
  }
  updateNode(node: ComputerNodeInput): Promise<boolean> {
    return this.serve('updateNode', [node], () => this.nodes.has(node.id));
  }
  tryAcquireFileLock(filePath: string, nodeId: string): Promise<boolean> {
    return this.serve('tryAcquireFileLock', [filePath, nodeId], () => {
      const holder = this.locks.get(filePath);
      if (holder !== undefined && holder !== nodeId) return false;
      this.locks.set(filePath, nodeId);
      return true;
    });
  }
  releaseFileLock(filePath: string, nodeId: string): Promise<boolean> {
    return this.serve('releaseFileLock', [filePath, nodeId], () => {
      if (this.locks.get(filePath) !== nodeId) return false;
      this.locks.delete(filePath);
      return true;
    });
  }
  getActiveLocks(): Promise<FileLock[]> {
    return this.serve('getActiveLocks', [], () => [...this.locks].map(([filePath, lockingNodeId], i) => ({
      id: i + 1, filePath, lockingNodeId, acquiredAt: new Date(0).toISOString(), lastUpdatedAt: new Date(0).toISOString(),
    })));
  }
  resetFileLocks(): Promise<boolean> {
    return this.serve('resetFileLocks', [], () => {
      this.locks.clear();
      return true;
    });
  }
  getTaskFolders(taskId: number): Promise<TaskFolderProgress[]> {
    return this.serve('getTaskFolders', [taskId], () => this.folders.filter((f) => f.taskId === taskId).map((f) => ({ ...f })));
  }
  createTaskFolder(taskId: number, draft: TaskFolderDraft): Promise<TaskFolderProgress> {
    return this.serve('createTaskFolder', [taskId, draft], () => {
      const folder: TaskFolderProgress = {
        id: this.folders.length + 1, taskId, folderPath: draft.folderPath, folderName: draft.folderName,
        status: toFolderStatus(draft.status ?? 'Pending'), assignedNodeId: null, assignedNodeName: null,
        createdAt: new Date(0).toISOString(), startedAt: null, completedAt: null, errorMessage: null,
        progress: draft.progress ?? 0, outputPath: draft.outputPath ?? null,
      };
      this.folders.push(folder);
      return { ...folder };
    });
  }
  updateTaskFolderStatus(folderId: number, status: TaskFolderStatus | TaskFolderStatusName, details: TaskFolderStatusDetails = {}): Promise<TaskFolderProgress> {
    return this.serve('updateTaskFolderStatus', [folderId, status, details], () => {
      const folder = this.folders.find((f) => f.id === folderId);
      if (folder === undefined) throw new Error(`no folder ${folderId}`);
      Object.assign(folder, {
        status: toFolderStatus(status), progress: details.progress ?? 0,
        assignedNodeId: details.nodeId ?? folder.assignedNodeId, assignedNodeName: details.nodeName ?? folder.assignedNodeName,
      });
      return { ...folder };
    });
  }
  deleteTaskFolders(taskId: number): Promise<boolean> {
    return this.serve('deleteTaskFolders', [taskId], () => true);
  }
  sendDebugMessage(source: string, message: string, nodeId?: string | null): Promise<boolean> {
    return this.serve('sendDebugMessage', [source, message, nodeId], () => true);
  }

  private serve<T>(operation: OperationName, args: unknown[], apply: () => T): Promise<T> {
    this.calls.push({ operation, args });
    if (this.down) return Promise.reject(new NetworkError(operation, 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1', true));
    let value: T;
    try {
      value = apply();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.lost?.(operation, args) === true) {
      this.lost = undefined;
      const reset = new NetworkError(operation, 'ECONNRESET', 'socket hang up', true);
      return Promise.reject(this.lostAs === 'reset' ? reset : new OutcomeUnknownError(operation, 'fake-key', { cause: reset }));
    }
    return Promise.resolve(value);
  }

  private nextRowVersion(): string {
    this.rowVersion += 1;
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64BE(BigInt(this.rowVersion));
    return bytes.toString('base64');
  }
}

function toFolderStatus(status: TaskFolderStatus | TaskFolderStatusName): TaskFolderStatus {
  return typeof status === 'number' ? status : TaskFolderStatus[status];
}
