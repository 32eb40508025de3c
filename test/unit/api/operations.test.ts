import { describe, expect, it } from 'vitest';
import {
  isRetrySafe, needsIdempotencyKey, operationNames, operations, stampArgs,
} from '../../../src/api/operations/index.js';
import type { OperationName } from '../../../src/api/operations/index.js';
import { InvalidArgumentError } from '../../../src/errors/index.js';

describe('operations table', () => {
  it('lists the 20 operations of the API table (19 IApiClient calls and health), each under its own name', () => {
    expect(operationNames).toHaveLength(20);
    for (const name of operationNames) expect(operations[name].name).toBe(name);
  });

  // [name, method, route, timeout profile, idempotency] as VCDEVTOOL_API.md gives them.
  it.each([
    ['health', 'GET', 'api/health', 'health', 'method'],
    ['getTasks', 'GET', 'api/tasks', 'task', 'method'],
    ['getTaskById', 'GET', 'api/tasks/{taskId}', 'task', 'method'],
    ['createTask', 'POST', 'api/tasks', 'task', 'none'],
    ['updateTaskStatus', 'PUT', 'api/tasks/{taskId}/status', 'task', 'method'],
    ['assignTaskToNode', 'PUT', 'api/tasks/{taskId}/assign/{nodeId}', 'task', 'method'],
    ['getAvailableNodes', 'GET', 'api/nodes', 'default', 'method'],
    ['getAllNodes', 'GET', 'api/nodes/all', 'default', 'method'],
    ['registerNode', 'POST', 'api/nodes/register', 'default', 'natural'],
    ['sendHeartbeat', 'POST', 'api/nodes/{nodeId}/heartbeat', 'health', 'natural'],
    ['updateNode', 'PUT', 'api/nodes/{nodeId}', 'default', 'method'],
    ['tryAcquireFileLock', 'POST', 'api/filelocks/acquire', 'file', 'natural'],
    ['releaseFileLock', 'POST', 'api/filelocks/release', 'file', 'natural'],
    ['getActiveLocks', 'GET', 'api/filelocks', 'file', 'method'],
    ['resetFileLocks', 'POST', 'api/filelocks/reset', 'file', 'none'],
    ['getTaskFolders', 'GET', 'api/tasks/{taskId}/folders', 'task', 'method'],
    ['createTaskFolder', 'POST', 'api/tasks/{taskId}/folders', 'task', 'none'],
    ['updateTaskFolderStatus', 'PUT', 'api/taskfolders/{folderId}/status', 'task', 'method'],
    ['deleteTaskFolders', 'DELETE', 'api/tasks/{taskId}/folders', 'task', 'method'],
    ['sendDebugMessage', 'POST', 'api/debug', 'default', 'none'],
  ] as const)('%s is %s %s with the %s timeout profile (idempotency: %s)', (name, method, route, profile, idempotency) => {
    const spec = operations[name];
    expect({ method: spec.method, route: spec.route, profile: spec.timeoutProfile, idempotency: spec.idempotency })
      .toEqual({ method, route, profile, idempotency });
  });

  it('marks every GET, PUT and DELETE retry-safe and only non-idempotent POSTs as needing an Idempotency-Key', () => {
    for (const name of operationNames) {
      const spec = operations[name];
      if (spec.method !== 'POST') expect(isRetrySafe(name), name).toBe(true);
      expect(needsIdempotencyKey(name), name).toBe(spec.idempotency === 'none');
      expect(needsIdempotencyKey(name)).toBe(!isRetrySafe(name));
    }
    expect(operationNames.filter(needsIdempotencyKey).sort())
      .toEqual(['createTask', 'createTaskFolder', 'resetFileLocks', 'sendDebugMessage']);
  });
});

describe('request building', () => {
  it('puts ids and node ids in the path, percent-encoded so they cannot add segments', () => {
    expect(operations.assignTaskToNode.request(12, 'node/../x?y')).toEqual({
      method: 'PUT', path: 'api/tasks/12/assign/node%2F..%2Fx%3Fy',
    });
    expect(operations.sendHeartbeat.request('n 1').path).toBe('api/nodes/n%201/heartbeat');
    expect(operations.updateNode.request({ id: 'a/b', name: 'A', ipAddress: '10.0.0.1' }).path).toBe('api/nodes/a%2Fb');
  });

  it('sends enums as numbers whether the caller gave numbers or names', () => {
    expect(operations.updateTaskStatus.request(3, 'Completed', { resultMessage: 'done', rowVersion: 'AAAAAAAAB9E=' }).body)
      .toEqual({ status: 2, resultMessage: 'done', rowVersion: 'AAAAAAAAB9E=' });
    expect(operations.createTask.request({ name: 'x', type: 'RenderThumbnails' }).body).toEqual({ name: 'x', type: 3 });
  });

  it('defaults updateTaskFolderStatus progress to 0 and optionals to null, as the original sent them', () => {
    expect(operations.updateTaskFolderStatus.request(5, 1).body).toEqual({
      status: 1, nodeId: null, nodeName: null, progress: 0, errorMessage: null, outputPath: null,
    });
  });

  it('sends the file lock body and the debug message with its fixed timestamp', () => {
    expect(operations.releaseFileLock.request('/data/a.txt', 'n1').body).toEqual({ filePath: '/data/a.txt', nodeId: 'n1' });
    expect(operations.sendDebugMessage.request('s', 'm', undefined, '2024-05-01T10:00:00.000Z').body)
      .toEqual({ source: 's', message: 'm', nodeId: null, timestamp: '2024-05-01T10:00:00.000Z' });
  });

  it('stamps a debug message once per call with the client\'s clock, keeping a timestamp the caller gave', () => {
    const at = Date.parse('2024-05-01T10:00:00.000Z');
    expect(stampArgs('sendDebugMessage', ['s', 'm'], at)).toEqual(['s', 'm', undefined, '2024-05-01T10:00:00.000Z']);
    expect(stampArgs('sendDebugMessage', ['s', 'm', 'n1', '2020-01-01T00:00:00.000Z'], at))
      .toEqual(['s', 'm', 'n1', '2020-01-01T00:00:00.000Z']);
    const args: [number] = [7];
    expect(stampArgs('getTaskById', args, at)).toBe(args);
  });

  it.each([
    ['getTaskById', [1.5], 'taskId'],
    ['getTaskById', [-1], 'taskId'],
    ['getTaskById', ['7'], 'taskId'],
    ['deleteTaskFolders', [Number.NaN], 'taskId'],
    ['sendHeartbeat', [''], 'nodeId'],
    ['tryAcquireFileLock', ['', 'n1'], 'filePath'],
    ['createTask', [{ name: '', type: 1 }], 'task.name'],
    ['createTask', [{ name: 'x', type: 'Bogus' }], 'task.type'],
    ['updateTaskStatus', [1, 'Sleeping'], 'status'],
    ['updateTaskStatus', [1, 1, { rowVersion: 'not base64!' }], 'options.rowVersion'],
    ['updateTaskFolderStatus', [1, 1, { progress: 150 }], 'details.progress'],
    ['registerNode', [{ name: 'x', ipAddress: '1' }], 'node.id'],
  ] as const)('rejects %s%j with InvalidArgumentError naming %s', (name, args, argument) => {
    const build = operations[name as OperationName].request as (...values: unknown[]) => unknown;
    let thrown: unknown;
    try {
      build(...args);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect(thrown).toMatchObject({ operation: name, argument });
  });
});
