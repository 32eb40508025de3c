import { deferred, lazySchema, zod } from '../../util/zodModule.js';
import {
  batchTaskDraftSchema, batchTaskSchema, batchTaskStatusSchema, computerNodeInputSchema, computerNodeSchema,
  fileLockSchema, healthAnswerSchema, taskConflictSchema, taskFolderDraftSchema, taskFolderProgressSchema,
  taskFolderStatusDetailsSchema, taskFolderStatusSchema, wireList,
} from '../models/index.js';
import { idArgument, idempotencyKeyArgument, schemaArgument, segment, stringArgument, textArgument } from './arguments.js';
import type { ApiOperationName, OperationArgs, OperationName, OperationSpec, OperationsTable } from './types.js';

const base64 = lazySchema(() => zod().string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'expected base64' }));
const updateTaskStatusOptionsSchema = lazySchema(() => zod().object({ resultMessage: zod().string().nullish(), rowVersion: base64.nullish() }));
const debugMessageSchema = lazySchema(() => zod().object({
  source: zod().string().min(1),
  message: zod().string(),
  nodeId: zod().string().nullish(),
  timestamp: zod().string().min(1),
}));

function fileLockBody(operation: string, filePath: unknown, nodeId: unknown) {
  return { filePath: textArgument(operation, 'filePath', filePath), nodeId: textArgument(operation, 'nodeId', nodeId) };
}

/**
 * The 20 operations of the VCDevTool API (the 19 IApiClient calls and `health`): method, route, timeout
 * profile, idempotency and how an answer becomes a value. Both clients and the retry machine's `attempt`
 * actor read it through `performAttempt`.
 *
 * Naturally idempotent POSTs (retried without an Idempotency-Key):
 * - `sendHeartbeat`: sets the node's last heartbeat to "now"; two sends leave the same state.
 * - `tryAcquireFileLock`: a node re-acquiring a lock it holds is granted again (the reference server must keep
 *   that rule); if the server instead answers 409, the call says `false`, never a duplicate lock.
 * - `releaseFileLock`: releasing twice leaves the lock released; the repeat may answer `false` (400 not owner).
 * - `registerNode`: an upsert by node id; a second registration updates the same row.
 * Not idempotent: `createTask`, `createTaskFolder` (a second row), `sendDebugMessage` (a second log line),
 * `resetFileLocks` (a repeat could drop a lock another node took in between).
 */
export const operations: OperationsTable = {
  getTasks: {
    name: 'getTasks', method: 'GET', route: 'api/tasks', timeoutProfile: 'task', idempotency: 'method',
    request: () => ({ method: 'GET', path: 'api/tasks' }),
    answer: { kind: 'json', schema: lazySchema(() => wireList(batchTaskSchema)) },
  },
  getTaskById: {
    name: 'getTaskById', method: 'GET', route: 'api/tasks/{taskId}', timeoutProfile: 'task', idempotency: 'method',
    request: (taskId) => ({ method: 'GET', path: `api/tasks/${segment(idArgument('getTaskById', 'taskId', taskId))}` }),
    answer: { kind: 'json', schema: batchTaskSchema },
    onStatus: { 404: { kind: 'value', value: null } },
  },
  createTask: {
    name: 'createTask', method: 'POST', route: 'api/tasks', timeoutProfile: 'task', idempotency: 'none',
    request: (task, options) => ({
      method: 'POST', path: 'api/tasks', body: schemaArgument('createTask', 'task', batchTaskDraftSchema, task),
      ...idempotencyKeyArgument('createTask', options),
    }),
    answer: { kind: 'json', schema: batchTaskSchema },
  },
  updateTaskStatus: {
    name: 'updateTaskStatus', method: 'PUT', route: 'api/tasks/{taskId}/status', timeoutProfile: 'task',
    idempotency: 'method',
    request: (taskId, status, options = {}) => {
      const op = 'updateTaskStatus';
      const { resultMessage, rowVersion } = schemaArgument(op, 'options', updateTaskStatusOptionsSchema, options);
      return {
        ...idempotencyKeyArgument(op, options),
        method: 'PUT',
        path: `api/tasks/${segment(idArgument(op, 'taskId', taskId))}/status`,
        body: {
          status: schemaArgument(op, 'status', batchTaskStatusSchema, status),
          resultMessage: resultMessage ?? null,
          rowVersion: rowVersion ?? null,
        },
      };
    },
    answer: { kind: 'json', schema: batchTaskSchema },
    // A concurrency conflict answers with the server's current copy, as the original client returned it.
    onStatus: { 409: { kind: 'json', schema: deferred(() => taskConflictSchema.transform((conflict) => conflict.currentTask)) } },
  },
  assignTaskToNode: {
    name: 'assignTaskToNode', method: 'PUT', route: 'api/tasks/{taskId}/assign/{nodeId}', timeoutProfile: 'task',
    idempotency: 'method',
    request: (taskId, nodeId) => ({
      method: 'PUT',
      path: `api/tasks/${segment(idArgument('assignTaskToNode', 'taskId', taskId))}/assign/${segment(textArgument('assignTaskToNode', 'nodeId', nodeId))}`,
    }),
    answer: { kind: 'boolean' },
  },
  getAvailableNodes: {
    name: 'getAvailableNodes', method: 'GET', route: 'api/nodes', timeoutProfile: 'default', idempotency: 'method',
    request: () => ({ method: 'GET', path: 'api/nodes' }),
    answer: { kind: 'json', schema: lazySchema(() => wireList(computerNodeSchema)) },
  },
  getAllNodes: {
    name: 'getAllNodes', method: 'GET', route: 'api/nodes/all', timeoutProfile: 'default', idempotency: 'method',
    request: () => ({ method: 'GET', path: 'api/nodes/all' }),
    answer: { kind: 'json', schema: lazySchema(() => wireList(computerNodeSchema)) },
  },
  registerNode: {
    name: 'registerNode', method: 'POST', route: 'api/nodes/register', timeoutProfile: 'default', idempotency: 'natural',
    request: (node) => ({
      method: 'POST', path: 'api/nodes/register', body: schemaArgument('registerNode', 'node', computerNodeInputSchema, node),
    }),
    answer: { kind: 'json', schema: computerNodeSchema },
  },
  sendHeartbeat: {
    name: 'sendHeartbeat', method: 'POST', route: 'api/nodes/{nodeId}/heartbeat', timeoutProfile: 'health',
    idempotency: 'natural',
    request: (nodeId, options) => ({
      method: 'POST', path: `api/nodes/${segment(textArgument('sendHeartbeat', 'nodeId', nodeId))}/heartbeat`,
      ...idempotencyKeyArgument('sendHeartbeat', options),
    }),
    answer: { kind: 'boolean' },
  },
  updateNode: {
    name: 'updateNode', method: 'PUT', route: 'api/nodes/{nodeId}', timeoutProfile: 'default', idempotency: 'method',
    request: (node) => {
      const body = schemaArgument('updateNode', 'node', computerNodeInputSchema, node);
      return { method: 'PUT', path: `api/nodes/${segment(body.id)}`, body };
    },
    answer: { kind: 'boolean' },
  },
  tryAcquireFileLock: {
    name: 'tryAcquireFileLock', method: 'POST', route: 'api/filelocks/acquire', timeoutProfile: 'file',
    idempotency: 'natural',
    request: (filePath, nodeId) => ({
      method: 'POST', path: 'api/filelocks/acquire', body: fileLockBody('tryAcquireFileLock', filePath, nodeId),
    }),
    answer: { kind: 'boolean' },
  },
  releaseFileLock: {
    name: 'releaseFileLock', method: 'POST', route: 'api/filelocks/release', timeoutProfile: 'file',
    idempotency: 'natural',
    request: (filePath, nodeId, options) => ({
      method: 'POST', path: 'api/filelocks/release', body: fileLockBody('releaseFileLock', filePath, nodeId),
      ...idempotencyKeyArgument('releaseFileLock', options),
    }),
    answer: { kind: 'boolean' },
  },
  getActiveLocks: {
    name: 'getActiveLocks', method: 'GET', route: 'api/filelocks', timeoutProfile: 'file', idempotency: 'method',
    request: () => ({ method: 'GET', path: 'api/filelocks' }),
    answer: { kind: 'json', schema: lazySchema(() => wireList(fileLockSchema)) },
  },
  resetFileLocks: {
    name: 'resetFileLocks', method: 'POST', route: 'api/filelocks/reset', timeoutProfile: 'file', idempotency: 'none',
    request: () => ({ method: 'POST', path: 'api/filelocks/reset' }),
    answer: { kind: 'boolean' },
  },
  getTaskFolders: {
    name: 'getTaskFolders', method: 'GET', route: 'api/tasks/{taskId}/folders', timeoutProfile: 'task',
    idempotency: 'method',
    request: (taskId) => ({
      method: 'GET', path: `api/tasks/${segment(idArgument('getTaskFolders', 'taskId', taskId))}/folders`,
    }),
    answer: { kind: 'json', schema: lazySchema(() => wireList(taskFolderProgressSchema)) },
  },
  createTaskFolder: {
    name: 'createTaskFolder', method: 'POST', route: 'api/tasks/{taskId}/folders', timeoutProfile: 'task',
    idempotency: 'none',
    request: (taskId, folder, options) => ({
      method: 'POST',
      path: `api/tasks/${segment(idArgument('createTaskFolder', 'taskId', taskId))}/folders`,
      body: schemaArgument('createTaskFolder', 'folder', taskFolderDraftSchema, folder),
      ...idempotencyKeyArgument('createTaskFolder', options),
    }),
    answer: { kind: 'json', schema: taskFolderProgressSchema },
  },
  updateTaskFolderStatus: {
    name: 'updateTaskFolderStatus', method: 'PUT', route: 'api/taskfolders/{folderId}/status', timeoutProfile: 'task',
    idempotency: 'method',
    request: (folderId, status, details = {}, options = undefined) => {
      const op = 'updateTaskFolderStatus';
      const d = schemaArgument(op, 'details', taskFolderStatusDetailsSchema, details);
      return {
        ...idempotencyKeyArgument(op, options),
        method: 'PUT',
        path: `api/taskfolders/${segment(idArgument(op, 'folderId', folderId))}/status`,
        body: {
          status: schemaArgument(op, 'status', taskFolderStatusSchema, status),
          nodeId: d.nodeId ?? null,
          nodeName: d.nodeName ?? null,
          progress: d.progress ?? 0,
          errorMessage: d.errorMessage ?? null,
          outputPath: d.outputPath ?? null,
        },
      };
    },
    answer: { kind: 'json', schema: taskFolderProgressSchema },
  },
  deleteTaskFolders: {
    name: 'deleteTaskFolders', method: 'DELETE', route: 'api/tasks/{taskId}/folders', timeoutProfile: 'task',
    idempotency: 'method',
    request: (taskId) => ({
      method: 'DELETE', path: `api/tasks/${segment(idArgument('deleteTaskFolders', 'taskId', taskId))}/folders`,
    }),
    answer: { kind: 'boolean' },
  },
  sendDebugMessage: {
    name: 'sendDebugMessage', method: 'POST', route: 'api/debug', timeoutProfile: 'default', idempotency: 'none',
    request: (source, message, nodeId, timestamp, options) => {
      const body = schemaArgument('sendDebugMessage', 'message', debugMessageSchema, { source, message, nodeId, timestamp });
      stringArgument('sendDebugMessage', 'message.message', body.message);
      return { method: 'POST', path: 'api/debug', body: { ...body, nodeId: body.nodeId ?? null }, ...idempotencyKeyArgument('sendDebugMessage', options) };
    },
    stampArgs: ([source, message, nodeId, timestamp, options], now) => {
      const stamped = timestamp ?? new Date(now).toISOString();
      return options === undefined ? [source, message, nodeId, stamped] : [source, message, nodeId, stamped, options];
    },
    answer: { kind: 'boolean' },
  },
  health: {
    name: 'health', method: 'GET', route: 'api/health', timeoutProfile: 'health', idempotency: 'method',
    request: () => ({ method: 'GET', path: 'api/health' }),
    answer: { kind: 'json', schema: healthAnswerSchema },
  },
};

/** Every operation name, in table order. */
export const operationNames = Object.keys(operations) as (keyof OperationsTable)[];

/** The operations a client offers as methods (every one but `health`), in table order. */
export const apiOperationNames: readonly ApiOperationName[] = operationNames.filter(
  (name): name is ApiOperationName => name !== 'health',
);

/** The arguments of one call of `operation`, completed once by its `stampArgs` (see {@link OperationSpec}). */
export function stampArgs<N extends OperationName>(operation: N, args: OperationArgs<N>, now: number): OperationArgs<N> {
  const spec: OperationSpec<N> = operations[operation];
  return spec.stampArgs === undefined ? args : spec.stampArgs(args, now);
}

/** True when a repeat of `operation` is harmless without an Idempotency-Key (GET/PUT/DELETE and natural POSTs). */
export function isRetrySafe(operation: keyof OperationsTable): boolean {
  return operations[operation].idempotency !== 'none';
}

/** True when `operation` needs an `Idempotency-Key` header before it may be retried. */
export function needsIdempotencyKey(operation: keyof OperationsTable): boolean {
  return operations[operation].idempotency === 'none';
}
