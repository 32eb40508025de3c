import type { z } from 'zod';
import type {
  BatchTask, BatchTaskDraft, BatchTaskStatus, BatchTaskStatusName, ComputerNode, ComputerNodeInput, FileLock,
  HealthAnswer, TaskFolderDraft, TaskFolderProgress, TaskFolderStatus, TaskFolderStatusDetails, TaskFolderStatusName,
} from '../models/index.js';

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Which timeout an operation gets in the Enhanced client: `health` = HealthCheckTimeoutSeconds,
 * `default` = DefaultTimeoutSeconds, `task` = TaskOperationTimeoutSeconds, `file` = FileOperationTimeoutSeconds.
 */
export type TimeoutProfile = 'health' | 'default' | 'task' | 'file';

/**
 * Whether an operation may be sent twice without harm:
 * - `method`: GET, PUT and DELETE are idempotent by HTTP's definition.
 * - `natural`: a POST whose repetition leaves the server as one send would (see each operation's note).
 * - `none`: a repeat may duplicate work (a second task, a second log line); retried only with an Idempotency-Key.
 */
export type Idempotency = 'method' | 'natural' | 'none';

/** The optional part of `updateTaskStatus`. */
export interface UpdateTaskStatusOptions {
  resultMessage?: string | null;
  /** The task's `rowVersion` (base64) for optimistic concurrency; a stale one gets a 409. */
  rowVersion?: string | null;
}

/**
 * The optional part of `createTask` and `createTaskFolder`: an Idempotency-Key of the caller's choosing, for a
 * caller that may call again after giving up (a timeout, a restart) and must not create a second row. Without
 * one, the Enhanced client makes one key per call, which covers that call's own retries only.
 */
export interface CreateOptions {
  /** 1 to 255 printable ASCII characters, e.g. a UUID kept with the work it creates. The server keeps it 24 h. */
  idempotencyKey?: string;
}

/** What `sendDebugMessage` puts on the wire; the timestamp is fixed once per call, so retries repeat it. */
export interface DebugMessage {
  source: string;
  message: string;
  nodeId?: string | null;
  /** ISO-8601 UTC. */
  timestamp: string;
}

/**
 * Every operation of the VCDevTool API: its wire arguments and the value a successful call yields.
 * Names are the C# `IApiClient` names in camelCase; `health` backs testConnection/getConnectionHealth.
 */
export interface OperationCatalog {
  getTasks: { args: []; result: BatchTask[] };
  getTaskById: { args: [taskId: number]; result: BatchTask | null };
  createTask: { args: [task: BatchTaskDraft, options?: CreateOptions]; result: BatchTask };
  updateTaskStatus: {
    args: [taskId: number, status: BatchTaskStatus | BatchTaskStatusName, options?: UpdateTaskStatusOptions];
    result: BatchTask | null;
  };
  assignTaskToNode: { args: [taskId: number, nodeId: string]; result: boolean };
  getAvailableNodes: { args: []; result: ComputerNode[] };
  getAllNodes: { args: []; result: ComputerNode[] };
  registerNode: { args: [node: ComputerNodeInput]; result: ComputerNode };
  sendHeartbeat: { args: [nodeId: string]; result: boolean };
  updateNode: { args: [node: ComputerNodeInput]; result: boolean };
  tryAcquireFileLock: { args: [filePath: string, nodeId: string]; result: boolean };
  releaseFileLock: { args: [filePath: string, nodeId: string]; result: boolean };
  getActiveLocks: { args: []; result: FileLock[] };
  resetFileLocks: { args: []; result: boolean };
  getTaskFolders: { args: [taskId: number]; result: TaskFolderProgress[] };
  createTaskFolder: { args: [taskId: number, folder: TaskFolderDraft, options?: CreateOptions]; result: TaskFolderProgress };
  updateTaskFolderStatus: {
    args: [folderId: number, status: TaskFolderStatus | TaskFolderStatusName, details?: TaskFolderStatusDetails];
    result: TaskFolderProgress;
  };
  deleteTaskFolders: { args: [taskId: number]; result: boolean };
  sendDebugMessage: { args: [message: DebugMessage]; result: boolean };
  health: { args: []; result: HealthAnswer };
}

/** Name of an operation, e.g. `getTasks`. */
export type OperationName = keyof OperationCatalog;
/** Wire arguments of operation `N`. */
export type OperationArgs<N extends OperationName> = OperationCatalog[N]['args'];
/** Value a successful call of operation `N` yields. */
export type OperationResult<N extends OperationName> = OperationCatalog[N]['result'];

/** Method, path (relative to the base URL, no leading slash) and JSON body of one request. */
export interface WireRequest {
  method: HttpMethod;
  path: string;
  body?: unknown;
  /** The caller's own Idempotency-Key (`CreateOptions`); it wins over the one a client makes per call. */
  idempotencyKey?: string;
}

/**
 * How a 2xx answer becomes the result:
 * - `json`: the body must be JSON matching `schema`.
 * - `boolean`: true on 2xx; false on a 4xx other than 408/429, as the original `IsSuccessStatusCode` did
 *   (the server understood and said no: lock held, not the owner, unknown node). Transient failures are errors.
 */
export type AnswerRule<R> = { kind: 'json'; schema: z.ZodType<R> } | (R extends boolean ? { kind: 'boolean' } : never);

/** A non-2xx status an operation turns into a value instead of an error. */
export type StatusRule<R> = { kind: 'value'; value: R } | { kind: 'json'; schema: z.ZodType<R> };

/** One row of the operations table. */
export interface OperationSpec<N extends OperationName> {
  readonly name: N;
  readonly method: HttpMethod;
  /** The path template, for docs and logs, e.g. `api/tasks/{taskId}`. */
  readonly route: string;
  readonly timeoutProfile: TimeoutProfile;
  readonly idempotency: Idempotency;
  /** Builds the request; throws InvalidArgumentError for a bad argument. */
  readonly request: (...args: OperationArgs<N>) => WireRequest;
  readonly answer: AnswerRule<OperationResult<N>>;
  readonly onStatus?: Readonly<Partial<Record<number, StatusRule<OperationResult<N>>>>>;
}

/** The whole table, one spec per operation. */
export type OperationsTable = { readonly [N in OperationName]: OperationSpec<N> };
