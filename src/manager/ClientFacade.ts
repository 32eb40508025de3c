import type { ApiClient, ConnectionHealthStatus } from '../api/ApiClient.js';
import type {
  BatchTask, BatchTaskDraft, BatchTaskStatus, BatchTaskStatusName, ComputerNode, ComputerNodeInput, FileLock,
  TaskFolderDraft, TaskFolderProgress, TaskFolderStatus, TaskFolderStatusDetails, TaskFolderStatusName,
} from '../api/models/index.js';
import type { CreateOptions, UpdateTaskStatusOptions } from '../api/operations/index.js';
import type { ManagedClient } from './ManagedClient.js';

/**
 * The `ApiClient` a connection hands out: each call goes to the client that is current when the call starts
 * and stays on it until it settles (so a swap never cuts a call short), counted so the client it ran on is
 * disposed only after it finished. Holding on to the facade is safe across any number of swaps.
 */
export class ClientFacade implements ApiClient {
  /**
   * @param current the client new calls go to now
   * @param disposeOwner what `dispose()` does: dispose the connection that owns this facade
   */
  constructor(
    private readonly current: () => ManagedClient,
    private readonly disposeOwner: () => Promise<void>,
  ) {}

  /** The current client's base URL. */
  get baseUrl(): string {
    return this.current().client.baseUrl;
  }

  private call<T>(use: (client: ApiClient) => Promise<T>): Promise<T> {
    return this.current().run(use);
  }

  testConnection(): Promise<boolean> {
    return this.call((c) => c.testConnection());
  }
  getConnectionHealth(): Promise<ConnectionHealthStatus> {
    return this.call((c) => c.getConnectionHealth());
  }
  /** Disposes the connection behind the facade (its actors and every client); later calls reject. */
  dispose(): Promise<void> {
    return this.disposeOwner();
  }

  getTasks(): Promise<BatchTask[]> {
    return this.call((c) => c.getTasks());
  }
  getTaskById(taskId: number): Promise<BatchTask | null> {
    return this.call((c) => c.getTaskById(taskId));
  }
  createTask(task: BatchTaskDraft, options?: CreateOptions): Promise<BatchTask> {
    return this.call((c) => c.createTask(task, options));
  }
  updateTaskStatus(
    taskId: number, status: BatchTaskStatus | BatchTaskStatusName, options?: UpdateTaskStatusOptions,
  ): Promise<BatchTask | null> {
    return this.call((c) => c.updateTaskStatus(taskId, status, options));
  }
  assignTaskToNode(taskId: number, nodeId: string): Promise<boolean> {
    return this.call((c) => c.assignTaskToNode(taskId, nodeId));
  }
  getAvailableNodes(): Promise<ComputerNode[]> {
    return this.call((c) => c.getAvailableNodes());
  }
  getAllNodes(): Promise<ComputerNode[]> {
    return this.call((c) => c.getAllNodes());
  }
  registerNode(node: ComputerNodeInput): Promise<ComputerNode> {
    return this.call((c) => c.registerNode(node));
  }
  sendHeartbeat(nodeId: string): Promise<boolean> {
    return this.call((c) => c.sendHeartbeat(nodeId));
  }
  updateNode(node: ComputerNodeInput): Promise<boolean> {
    return this.call((c) => c.updateNode(node));
  }
  tryAcquireFileLock(filePath: string, nodeId: string): Promise<boolean> {
    return this.call((c) => c.tryAcquireFileLock(filePath, nodeId));
  }
  releaseFileLock(filePath: string, nodeId: string): Promise<boolean> {
    return this.call((c) => c.releaseFileLock(filePath, nodeId));
  }
  getActiveLocks(): Promise<FileLock[]> {
    return this.call((c) => c.getActiveLocks());
  }
  resetFileLocks(): Promise<boolean> {
    return this.call((c) => c.resetFileLocks());
  }
  getTaskFolders(taskId: number): Promise<TaskFolderProgress[]> {
    return this.call((c) => c.getTaskFolders(taskId));
  }
  createTaskFolder(taskId: number, folder: TaskFolderDraft, options?: CreateOptions): Promise<TaskFolderProgress> {
    return this.call((c) => c.createTaskFolder(taskId, folder, options));
  }
  updateTaskFolderStatus(
    folderId: number, status: TaskFolderStatus | TaskFolderStatusName, details?: TaskFolderStatusDetails,
  ): Promise<TaskFolderProgress> {
    return this.call((c) => c.updateTaskFolderStatus(folderId, status, details));
  }
  deleteTaskFolders(taskId: number): Promise<boolean> {
    return this.call((c) => c.deleteTaskFolders(taskId));
  }
  sendDebugMessage(source: string, message: string, nodeId?: string | null): Promise<boolean> {
    return this.call((c) => c.sendDebugMessage(source, message, nodeId));
  }
}
