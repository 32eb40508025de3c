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
  /** As {@link CreateOptions.idempotencyKey}: a replay of the update (the offline outbox's) carries its first key. */
  idempotencyKey?: string;
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

/**
 * The optional last argument of the writes that take no options object of their own (`updateTaskFolderStatus`,
 * `sendDebugMessage`, `releaseFileLock`, `sendHeartbeat`): an Idempotency-Key of the caller's choosing, sent with
 * every attempt, so a later replay of the same write (the offline outbox's, after a restart) is the same request
 * to a server that honours the key.
 */
export type KeyOptions = CreateOptions;

/** What `sendDebugMessage` puts on the wire. */
export interface DebugMessage {
  source: string;
  message: string;
  nodeId?: string | null;
  /** ISO-8601 UTC. */
  timestamp: string;
}

/**
 * Every call of the VCDevTool API: its arguments and the value a successful call yields. This is the one
 * declaration of the API surface: {@link ApiMethods} (so `ApiClient`, both clients and the manager's facade) is
 * derived from it, with these docs. Names are the C# `IApiClient` names in camelCase.
 */
export interface ApiCatalog {
  /** `GET api/tasks`. */
  getTasks: { args: []; result: BatchTask[] };
  /** `GET api/tasks/{taskId}`; null when the server answers 404. */
  getTaskById: { args: [taskId: number]; result: BatchTask | null };
  /**
   * `POST api/tasks`. Not idempotent: the Enhanced client retries it only with an Idempotency-Key (its own, one
   * per call, or `options.idempotencyKey`, which also makes a later call with the same key return the same task).
   */
  createTask: { args: [task: BatchTaskDraft, options?: CreateOptions]; result: BatchTask };
  /**
   * `PUT api/tasks/{taskId}/status`. On a 409 concurrency conflict, resolves to the server's current task
   * (null if the conflict answer carries none), as the original did.
   */
  updateTaskStatus: {
    args: [taskId: number, status: BatchTaskStatus | BatchTaskStatusName, options?: UpdateTaskStatusOptions];
    result: BatchTask | null;
  };
  /** `PUT api/tasks/{taskId}/assign/{nodeId}`; false on a 4xx. */
  assignTaskToNode: { args: [taskId: number, nodeId: string]; result: boolean };
  /** `GET api/nodes`. */
  getAvailableNodes: { args: []; result: ComputerNode[] };
  /** `GET api/nodes/all`, offline nodes included. */
  getAllNodes: { args: []; result: ComputerNode[] };
  /** `POST api/nodes/register` (an upsert by id). */
  registerNode: { args: [node: ComputerNodeInput]; result: ComputerNode };
  /** `POST api/nodes/{nodeId}/heartbeat`; false on a 4xx (unknown node). */
  sendHeartbeat: { args: [nodeId: string, options?: KeyOptions]; result: boolean };
  /** `PUT api/nodes/{node.id}`; false on a 4xx. */
  updateNode: { args: [node: ComputerNodeInput]; result: boolean };
  /** `POST api/filelocks/acquire`; false when another node holds the lock (409). */
  tryAcquireFileLock: { args: [filePath: string, nodeId: string]; result: boolean };
  /** `POST api/filelocks/release`; false when the node is not the owner (400). */
  releaseFileLock: { args: [filePath: string, nodeId: string, options?: KeyOptions]; result: boolean };
  /** `GET api/filelocks`. */
  getActiveLocks: { args: []; result: FileLock[] };
  /** `POST api/filelocks/reset`: drops every lock. */
  resetFileLocks: { args: []; result: boolean };
  /** `GET api/tasks/{taskId}/folders`. */
  getTaskFolders: { args: [taskId: number]; result: TaskFolderProgress[] };
  /** `POST api/tasks/{taskId}/folders`. Not idempotent; `options.idempotencyKey` as for `createTask`. */
  createTaskFolder: { args: [taskId: number, folder: TaskFolderDraft, options?: CreateOptions]; result: TaskFolderProgress };
  /** `PUT api/taskfolders/{folderId}/status`; progress defaults to 0 as in the original. */
  updateTaskFolderStatus: {
    args: [folderId: number, status: TaskFolderStatus | TaskFolderStatusName, details?: TaskFolderStatusDetails, options?: KeyOptions];
    result: TaskFolderProgress;
  };
  /** `DELETE api/tasks/{taskId}/folders`. */
  deleteTaskFolders: { args: [taskId: number]; result: boolean };
  /**
   * `POST api/debug`. Not idempotent. `timestamp` (ISO-8601 UTC) defaults to the time of the call, fixed once so
   * every attempt sends the same message; give it to keep the time the message was written.
   */
  sendDebugMessage: {
    args: [source: string, message: string, nodeId?: string | null, timestamp?: string, options?: KeyOptions];
    result: boolean;
  };
}

/** Every operation: the API's calls ({@link ApiCatalog}) and `health`. */
export interface OperationCatalog extends ApiCatalog {
  /** `GET api/health`. */
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
  /**
   * Completes the arguments once per call, before the first attempt (a default that must be the same on every
   * attempt, such as a timestamp). `now` is the client's clock, epoch ms.
   */
  readonly stampArgs?: (args: OperationArgs<N>, now: number) => OperationArgs<N>;
  readonly answer: AnswerRule<OperationResult<N>>;
  readonly onStatus?: Readonly<Partial<Record<number, StatusRule<OperationResult<N>>>>>;
}

/** The whole table, one spec per operation. */
export type OperationsTable = { readonly [N in OperationName]: OperationSpec<N> };

/** The operations a client offers as methods: all but `health`, which backs testConnection/getConnectionHealth. */
export type ApiOperationName = keyof ApiCatalog;

/** One API method: the operation's arguments in, its result out. */
export type ApiMethod<N extends ApiOperationName> = (...args: OperationArgs<N>) => Promise<OperationResult<N>>;

/** The API's methods, one per operation of {@link ApiCatalog}, with its arguments, result and docs. */
export type ApiMethods = { [N in keyof ApiCatalog]: ApiMethod<N> };
