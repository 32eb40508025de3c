import type { ApiClient, ConnectionHealthStatus } from '../api/ApiClient.js';
import type {
  BatchTask, BatchTaskDraft, BatchTaskStatus, BatchTaskStatusName, ComputerNode, ComputerNodeInput, FileLock,
  TaskFolderDraft, TaskFolderProgress, TaskFolderStatus, TaskFolderStatusDetails, TaskFolderStatusName,
} from '../api/models/index.js';
import type { CreateOptions, OperationArgs, OperationName, OperationResult, UpdateTaskStatusOptions } from '../api/operations/index.js';

/**
 * The 19 API methods, each a one-line route into {@link ApiClientBase.invoke}, so a client implements the
 * resilience once (in `invoke`) rather than twenty times.
 */
export abstract class ApiClientBase implements ApiClient {
  abstract readonly baseUrl: string;

  /** @param now the clock stamping `sendDebugMessage` timestamps (and whatever the subclass times). */
  protected constructor(protected readonly now: () => number) {}

  /** Runs one call of `operation` with the client's policy; rejects with a typed error. */
  protected abstract invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>>;
  abstract testConnection(): Promise<boolean>;
  abstract getConnectionHealth(): Promise<ConnectionHealthStatus>;
  abstract dispose(): Promise<void>;

  getTasks(): Promise<BatchTask[]> {
    return this.invoke('getTasks', []);
  }
  getTaskById(taskId: number): Promise<BatchTask | null> {
    return this.invoke('getTaskById', [taskId]);
  }
  createTask(task: BatchTaskDraft, options?: CreateOptions): Promise<BatchTask> {
    return this.invoke('createTask', [task, options]);
  }
  updateTaskStatus(
    taskId: number, status: BatchTaskStatus | BatchTaskStatusName, options?: UpdateTaskStatusOptions,
  ): Promise<BatchTask | null> {
    return this.invoke('updateTaskStatus', [taskId, status, options]);
  }
  assignTaskToNode(taskId: number, nodeId: string): Promise<boolean> {
    return this.invoke('assignTaskToNode', [taskId, nodeId]);
  }
  getAvailableNodes(): Promise<ComputerNode[]> {
    return this.invoke('getAvailableNodes', []);
  }
  getAllNodes(): Promise<ComputerNode[]> {
    return this.invoke('getAllNodes', []);
  }
  registerNode(node: ComputerNodeInput): Promise<ComputerNode> {
    return this.invoke('registerNode', [node]);
  }
  sendHeartbeat(nodeId: string): Promise<boolean> {
    return this.invoke('sendHeartbeat', [nodeId]);
  }
  updateNode(node: ComputerNodeInput): Promise<boolean> {
    return this.invoke('updateNode', [node]);
  }
  tryAcquireFileLock(filePath: string, nodeId: string): Promise<boolean> {
    return this.invoke('tryAcquireFileLock', [filePath, nodeId]);
  }
  releaseFileLock(filePath: string, nodeId: string): Promise<boolean> {
    return this.invoke('releaseFileLock', [filePath, nodeId]);
  }
  getActiveLocks(): Promise<FileLock[]> {
    return this.invoke('getActiveLocks', []);
  }
  resetFileLocks(): Promise<boolean> {
    return this.invoke('resetFileLocks', []);
  }
  getTaskFolders(taskId: number): Promise<TaskFolderProgress[]> {
    return this.invoke('getTaskFolders', [taskId]);
  }
  createTaskFolder(taskId: number, folder: TaskFolderDraft, options?: CreateOptions): Promise<TaskFolderProgress> {
    return this.invoke('createTaskFolder', [taskId, folder, options]);
  }
  updateTaskFolderStatus(
    folderId: number, status: TaskFolderStatus | TaskFolderStatusName, details?: TaskFolderStatusDetails,
  ): Promise<TaskFolderProgress> {
    return this.invoke('updateTaskFolderStatus', [folderId, status, details]);
  }
  deleteTaskFolders(taskId: number): Promise<boolean> {
    return this.invoke('deleteTaskFolders', [taskId]);
  }
  sendDebugMessage(source: string, message: string, nodeId?: string | null): Promise<boolean> {
    // The timestamp is fixed here, once per call, so every attempt sends the same message.
    return this.invoke('sendDebugMessage', [{ source, message, nodeId, timestamp: new Date(this.now()).toISOString() }]);
  }
}
