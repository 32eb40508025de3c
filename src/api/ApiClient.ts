import type {
  BatchTask, BatchTaskDraft, BatchTaskStatus, BatchTaskStatusName, ComputerNode, ComputerNodeInput, FileLock,
  TaskFolderDraft, TaskFolderProgress, TaskFolderStatus, TaskFolderStatusDetails, TaskFolderStatusName,
} from './models/index.js';
import type { CreateOptions, UpdateTaskStatusOptions } from './operations/index.js';

/**
 * The health of a client's link to the server, as the seed's `ConnectionHealthStatus` (camelCase).
 * Plain data: serialisable, safe to put in a machine event.
 */
export interface ConnectionHealthStatus {
  /** The last health probe got a 2xx from `GET api/health`. */
  isHealthy: boolean;
  /** How long that probe took, in ms (0 when nothing was sent: a disposed client; an open breaker does not stop the probe). */
  responseTimeMs: number;
  /** The most recent failure since the last success, or null. */
  lastError: string | null;
  /** When the probe ran, epoch ms from the client's clock. */
  lastChecked: number;
  /** The client's circuit breaker refuses calls (always false for the Standard client, which has none). */
  circuitBreakerOpen: boolean;
  /** Consecutive calls that ended with a transient failure (network, timeout, 408, 429, 5xx, pool timeout). */
  failureCount: number;
  /** The server's `version` from the health answer, '' when unknown. */
  serverVersion: string;
}

/**
 * The whole VCDevTool API (the C# `IApiClient`), as both clients implement it. Every method rejects with a
 * typed error from `src/errors` (never a bare string): InvalidArgumentError before sending, HttpStatusError,
 * NetworkError, OperationTimeoutError, PoolTimeoutError, InvalidResponseError (naming the operation),
 * BrokenCircuitError and RetryBudgetExceededError (Enhanced client), ClientDisposedError after `dispose()`.
 * Boolean operations answer `false` where the server says no with a 4xx (lock held, not the owner, unknown
 * node), as the original did; transient failures are errors, not `false`.
 */
export interface ApiClient {
  /** The base URL the client was created with. */
  readonly baseUrl: string;

  /** True when `GET api/health` answers 2xx now. Never throws. */
  testConnection(): Promise<boolean>;
  /** Probes `GET api/health` and reports the link's health. Never throws. */
  getConnectionHealth(): Promise<ConnectionHealthStatus>;
  /**
   * Rejects every in-flight call with ClientDisposedError, stops the client's actors and timers and closes
   * every socket; resolves once all of that is done. Later calls reject with ClientDisposedError. Idempotent.
   */
  dispose(): Promise<void>;

  /** `GET api/tasks`. */
  getTasks(): Promise<BatchTask[]>;
  /** `GET api/tasks/{taskId}`; null when the server answers 404. */
  getTaskById(taskId: number): Promise<BatchTask | null>;
  /**
   * `POST api/tasks`. Not idempotent: the Enhanced client retries it only with an Idempotency-Key (its own, one
   * per call, or `options.idempotencyKey`, which also makes a later call with the same key return the same task).
   */
  createTask(task: BatchTaskDraft, options?: CreateOptions): Promise<BatchTask>;
  /**
   * `PUT api/tasks/{taskId}/status`. On a 409 concurrency conflict, resolves to the server's current task
   * (null if the conflict answer carries none), as the original did.
   */
  updateTaskStatus(
    taskId: number, status: BatchTaskStatus | BatchTaskStatusName, options?: UpdateTaskStatusOptions,
  ): Promise<BatchTask | null>;
  /** `PUT api/tasks/{taskId}/assign/{nodeId}`; false on a 4xx. */
  assignTaskToNode(taskId: number, nodeId: string): Promise<boolean>;

  /** `GET api/nodes`. */
  getAvailableNodes(): Promise<ComputerNode[]>;
  /** `GET api/nodes/all`, offline nodes included. */
  getAllNodes(): Promise<ComputerNode[]>;
  /** `POST api/nodes/register` (an upsert by id). */
  registerNode(node: ComputerNodeInput): Promise<ComputerNode>;
  /** `POST api/nodes/{nodeId}/heartbeat`; false on a 4xx (unknown node). */
  sendHeartbeat(nodeId: string): Promise<boolean>;
  /** `PUT api/nodes/{node.id}`; false on a 4xx. */
  updateNode(node: ComputerNodeInput): Promise<boolean>;

  /** `POST api/filelocks/acquire`; false when another node holds the lock (409). */
  tryAcquireFileLock(filePath: string, nodeId: string): Promise<boolean>;
  /** `POST api/filelocks/release`; false when the node is not the owner (400). */
  releaseFileLock(filePath: string, nodeId: string): Promise<boolean>;
  /** `GET api/filelocks`. */
  getActiveLocks(): Promise<FileLock[]>;
  /** `POST api/filelocks/reset`: drops every lock. */
  resetFileLocks(): Promise<boolean>;

  /** `GET api/tasks/{taskId}/folders`. */
  getTaskFolders(taskId: number): Promise<TaskFolderProgress[]>;
  /** `POST api/tasks/{taskId}/folders`. Not idempotent; `options.idempotencyKey` as for {@link ApiClient.createTask}. */
  createTaskFolder(taskId: number, folder: TaskFolderDraft, options?: CreateOptions): Promise<TaskFolderProgress>;
  /** `PUT api/taskfolders/{folderId}/status`; progress defaults to 0 as in the original. */
  updateTaskFolderStatus(
    folderId: number, status: TaskFolderStatus | TaskFolderStatusName, details?: TaskFolderStatusDetails,
  ): Promise<TaskFolderProgress>;
  /** `DELETE api/tasks/{taskId}/folders`. */
  deleteTaskFolders(taskId: number): Promise<boolean>;

  /** `POST api/debug` with the current time as `timestamp`. Not idempotent. */
  sendDebugMessage(source: string, message: string, nodeId?: string | null): Promise<boolean>;
}
