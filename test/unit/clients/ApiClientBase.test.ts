import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ApiClient, ConnectionHealthStatus } from '../../../src/api/ApiClient.js';
import { ApiClientBase } from '../../../src/clients/ApiClientBase.js';
import type { BatchTask, ComputerNode, TaskFolderProgress } from '../../../src/api/models/index.js';
import type { OperationArgs, OperationName, OperationResult } from '../../../src/api/operations/index.js';
import type { StandardApiClient } from '../../../src/clients/StandardApiClient.js';

/** Records every invoke instead of sending anything. */
class RecordingClient extends ApiClientBase {
  readonly baseUrl = 'http://127.0.0.1:1';
  readonly calls: [OperationName, readonly unknown[]][] = [];

  constructor() {
    super(() => Date.parse('2024-05-01T10:00:00Z'));
  }

  protected invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
    this.calls.push([operation, args]);
    return Promise.resolve(undefined as unknown as OperationResult<N>);
  }
  testConnection(): Promise<boolean> {
    return Promise.resolve(true);
  }
  getConnectionHealth(): Promise<ConnectionHealthStatus> {
    return Promise.reject(new Error('unused'));
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

describe('ApiClientBase', () => {
  it('routes each of the 19 API methods to its operation with its arguments', async () => {
    const client = new RecordingClient();
    const node = { id: 'n1', name: 'N', ipAddress: '10.0.0.1' };
    await client.getTasks();
    await client.getTaskById(1);
    await client.createTask({ name: 't', type: 1 });
    await client.updateTaskStatus(1, 'Running', { resultMessage: 'r' });
    await client.assignTaskToNode(1, 'n1');
    await client.getAvailableNodes();
    await client.getAllNodes();
    await client.registerNode(node);
    await client.sendHeartbeat('n1');
    await client.updateNode(node);
    await client.tryAcquireFileLock('/a', 'n1');
    await client.releaseFileLock('/a', 'n1');
    await client.getActiveLocks();
    await client.resetFileLocks();
    await client.getTaskFolders(1);
    await client.createTaskFolder(1, { folderPath: '/f', folderName: 'f' });
    await client.updateTaskFolderStatus(2, 'Completed', { progress: 100 });
    await client.deleteTaskFolders(1);
    await client.sendDebugMessage('src', 'msg', 'n1');
    expect(client.calls).toEqual([
      ['getTasks', []], ['getTaskById', [1]], ['createTask', [{ name: 't', type: 1 }]],
      ['updateTaskStatus', [1, 'Running', { resultMessage: 'r' }]], ['assignTaskToNode', [1, 'n1']],
      ['getAvailableNodes', []], ['getAllNodes', []], ['registerNode', [node]], ['sendHeartbeat', ['n1']],
      ['updateNode', [node]], ['tryAcquireFileLock', ['/a', 'n1']], ['releaseFileLock', ['/a', 'n1']],
      ['getActiveLocks', []], ['resetFileLocks', []], ['getTaskFolders', [1]],
      ['createTaskFolder', [1, { folderPath: '/f', folderName: 'f' }]],
      ['updateTaskFolderStatus', [2, 'Completed', { progress: 100 }]], ['deleteTaskFolders', [1]],
      ['sendDebugMessage', ['src', 'msg', 'n1', '2024-05-01T10:00:00.000Z']],
    ]);
  });

  it('gives every method the result type of its operation', () => {
    expectTypeOf<StandardApiClient>().toMatchTypeOf<ApiClient>();
    expectTypeOf<ApiClient['getTasks']>().returns.resolves.toEqualTypeOf<BatchTask[]>();
    expectTypeOf<ApiClient['getTaskById']>().returns.resolves.toEqualTypeOf<BatchTask | null>();
    expectTypeOf<ApiClient['updateTaskStatus']>().returns.resolves.toEqualTypeOf<BatchTask | null>();
    expectTypeOf<ApiClient['registerNode']>().returns.resolves.toEqualTypeOf<ComputerNode>();
    expectTypeOf<ApiClient['updateTaskFolderStatus']>().returns.resolves.toEqualTypeOf<TaskFolderProgress>();
    expectTypeOf<ApiClient['tryAcquireFileLock']>().returns.resolves.toEqualTypeOf<boolean>();
    expectTypeOf<OperationResult<'getTasks'>>().toEqualTypeOf<BatchTask[]>();
  });
});
