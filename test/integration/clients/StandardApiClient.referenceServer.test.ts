import { afterEach, describe, expect, it } from 'vitest';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { BatchTaskStatus, TaskFolderStatus, TaskType } from '../../../src/api/models/index.js';
import { startServer } from '../../../src/server/index.js';
import type { RunningServer, ServerOptions } from '../../../src/server/index.js';

let server: RunningServer | undefined;
let client: StandardApiClient | undefined;

afterEach(async () => {
  await client?.dispose();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function connect(options: ServerOptions = {}): Promise<StandardApiClient> {
  server = await startServer({ version: '3.0.0-test', ...options });
  client = new StandardApiClient(server.url, { delay: () => Promise.resolve() });
  return client;
}

describe.each([
  ['numbers and JSON errors', { enumOutput: 'numbers', errorStyle: 'json' }],
  ['enum names and ASP.NET errors', { enumOutput: 'names', errorStyle: 'aspnet' }],
] as const)('StandardApiClient against the reference server (%s)', (_label, serverOptions) => {
  it('runs a task through its life and reads a stale update as the server current task', async () => {
    const api = await connect(serverOptions);
    const created = await api.createTask({ name: 'thumbnails', type: 'RenderThumbnails', parameters: '{"size":256}' });
    expect(created).toMatchObject({ name: 'thumbnails', type: TaskType.RenderThumbnails, status: BatchTaskStatus.Pending });
    await expect(api.getTasks()).resolves.toHaveLength(1);
    await expect(api.getTaskById(created.id)).resolves.toMatchObject({ id: created.id });
    await expect(api.getTaskById(created.id + 1000)).resolves.toBeNull();

    const running = await api.updateTaskStatus(created.id, BatchTaskStatus.Running, { rowVersion: created.rowVersion });
    expect(running?.status).toBe(BatchTaskStatus.Running);
    const stale = await api.updateTaskStatus(created.id, 'Completed', { rowVersion: created.rowVersion });
    expect(stale).toMatchObject({ id: created.id, status: BatchTaskStatus.Running });
  });

  it('registers, lists, updates and heartbeats nodes, and assigns a task', async () => {
    const api = await connect(serverOptions);
    const node = await api.registerNode({ id: 'node-1', name: 'Render 1', ipAddress: '10.0.0.5', hardwareFingerprint: 'fp' });
    expect(node).toMatchObject({ id: 'node-1', name: 'Render 1', isAvailable: true });
    await expect(api.registerNode({ id: 'node-1', name: 'Render 1b', ipAddress: '10.0.0.5' })).resolves.toMatchObject({ id: 'node-1' });
    await expect(api.sendHeartbeat('node-1')).resolves.toBe(true);
    await expect(api.sendHeartbeat('nobody')).resolves.toBe(false);
    await expect(api.updateNode({ id: 'node-1', name: 'Render One', ipAddress: '10.0.0.6' })).resolves.toBe(true);
    await expect(api.getAllNodes()).resolves.toMatchObject([{ id: 'node-1', name: 'Render One' }]);
    await expect(api.getAvailableNodes()).resolves.toHaveLength(1);
    const task = await api.createTask({ name: 't', type: TaskType.HelloWorld });
    await expect(api.assignTaskToNode(task.id, 'node-1')).resolves.toBe(true);
    await expect(api.getTaskById(task.id)).resolves.toMatchObject({ assignedNodeId: 'node-1' });
  });

  it('acquires, refuses, lists, releases and resets file locks', async () => {
    const api = await connect(serverOptions);
    await expect(api.tryAcquireFileLock('/data/a.exr', 'node-1')).resolves.toBe(true);
    await expect(api.tryAcquireFileLock('/data/a.exr', 'node-1')).resolves.toBe(true);
    await expect(api.tryAcquireFileLock('/data/a.exr', 'node-2')).resolves.toBe(false);
    await expect(api.getActiveLocks()).resolves.toMatchObject([{ filePath: '/data/a.exr', lockingNodeId: 'node-1' }]);
    await expect(api.releaseFileLock('/data/a.exr', 'node-2')).resolves.toBe(false);
    await expect(api.releaseFileLock('/data/a.exr', 'node-1')).resolves.toBe(true);
    await api.tryAcquireFileLock('/data/b.exr', 'node-2');
    await expect(api.resetFileLocks()).resolves.toBe(true);
    await expect(api.getActiveLocks()).resolves.toEqual([]);
  });

  it('creates, updates, lists and deletes task folders', async () => {
    const api = await connect(serverOptions);
    const task = await api.createTask({ name: 't', type: 'FileProcessing' });
    const folder = await api.createTaskFolder(task.id, { folderPath: '/scans/001', folderName: '001' });
    expect(folder).toMatchObject({ taskId: task.id, status: TaskFolderStatus.Pending, progress: 0 });
    await expect(api.updateTaskFolderStatus(folder.id, 'InProgress', { nodeId: 'node-1', nodeName: 'R1', progress: 42.5 }))
      .resolves.toMatchObject({ status: TaskFolderStatus.InProgress, progress: 42.5, assignedNodeId: 'node-1' });
    await expect(api.getTaskFolders(task.id)).resolves.toHaveLength(1);
    await expect(api.deleteTaskFolders(task.id)).resolves.toBe(true);
    await expect(api.getTaskFolders(task.id)).resolves.toEqual([]);
  });

  it('sends debug messages and reports health with the server version', async () => {
    const api = await connect(serverOptions);
    await expect(api.sendDebugMessage('worker', 'hello', 'node-1')).resolves.toBe(true);
    await expect(api.getConnectionHealth()).resolves.toMatchObject({
      isHealthy: true, serverVersion: '3.0.0-test', failureCount: 0, lastError: null, circuitBreakerOpen: false,
    });
    await expect(api.testConnection()).resolves.toBe(true);
  });
});
