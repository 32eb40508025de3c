import { afterEach, describe, expect, it } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { BatchTaskStatus, TaskFolderStatus, TaskType } from '../../../src/api/models/index.js';
import { BrokenCircuitError, NetworkError, OutcomeUnknownError } from '../../../src/errors/index.js';
import type { ConnectionOptions } from '../../../src/config/types.js';
import { startServer } from '../../../src/server/index.js';
import type { RunningServer, ServerOptions } from '../../../src/server/index.js';
import { startAnswerLosingProxy } from './support/answerLosingProxy.js';
import type { AnswerLosingProxy } from './support/answerLosingProxy.js';
import { rejection, simulatedClient } from './support/simulatedClient.js';

let server: RunningServer | undefined;
let proxy: AnswerLosingProxy | undefined;
let client: EnhancedApiClient | undefined;

afterEach(async () => {
  await client?.dispose();
  await proxy?.close();
  await server?.close();
  client = undefined;
  proxy = undefined;
  server = undefined;
});

describe.each([
  ['numbers and JSON errors', { enumOutput: 'numbers', errorStyle: 'json' }],
  ['enum names and ASP.NET errors', { enumOutput: 'names', errorStyle: 'aspnet' }],
] as const)('EnhancedApiClient against the reference server (%s)', (_label, serverOptions: ServerOptions) => {
  it('runs a task through its life and reads a 409 on a status update as the server\'s current task', async () => {
    server = await startServer({ version: '3.0.0-test', ...serverOptions });
    client = new EnhancedApiClient(server.url);
    const created = await client.createTask({ name: 'thumbnails', type: 'RenderThumbnails', parameters: '{"size":256}' });
    expect(created).toMatchObject({ name: 'thumbnails', type: TaskType.RenderThumbnails, status: BatchTaskStatus.Pending });
    await expect(client.getTaskById(created.id + 1000)).resolves.toBeNull();

    const running = await client.updateTaskStatus(created.id, BatchTaskStatus.Running, { rowVersion: created.rowVersion });
    expect(running?.status).toBe(BatchTaskStatus.Running);
    const stale = await client.updateTaskStatus(created.id, 'Completed', { rowVersion: created.rowVersion });
    expect(stale).toMatchObject({ id: created.id, status: BatchTaskStatus.Running });
  });

  it('covers nodes, locks, folders and debug messages', async () => {
    server = await startServer({ version: '3.0.0-test', ...serverOptions });
    client = new EnhancedApiClient(server.url);
    await expect(client.registerNode({ id: 'node-1', name: 'Render 1', ipAddress: '10.0.0.5' })).resolves.toMatchObject({ id: 'node-1' });
    await expect(client.sendHeartbeat('node-1')).resolves.toBe(true);
    await expect(client.sendHeartbeat('nobody')).resolves.toBe(false);
    await expect(client.updateNode({ id: 'node-1', name: 'Render One', ipAddress: '10.0.0.6' })).resolves.toBe(true);
    await expect(client.getAllNodes()).resolves.toMatchObject([{ id: 'node-1', name: 'Render One' }]);
    await expect(client.getAvailableNodes()).resolves.toHaveLength(1);
    const task = await client.createTask({ name: 't', type: TaskType.FileProcessing });
    await expect(client.assignTaskToNode(task.id, 'node-1')).resolves.toBe(true);

    await expect(client.tryAcquireFileLock('/data/a.exr', 'node-1')).resolves.toBe(true);
    await expect(client.tryAcquireFileLock('/data/a.exr', 'node-2')).resolves.toBe(false);
    await expect(client.getActiveLocks()).resolves.toMatchObject([{ filePath: '/data/a.exr', lockingNodeId: 'node-1' }]);
    await expect(client.releaseFileLock('/data/a.exr', 'node-1')).resolves.toBe(true);
    await expect(client.resetFileLocks()).resolves.toBe(true);

    const folder = await client.createTaskFolder(task.id, { folderPath: '/scans/001', folderName: '001' });
    await expect(client.updateTaskFolderStatus(folder.id, 'InProgress', { nodeId: 'node-1', progress: 42.5 }))
      .resolves.toMatchObject({ status: TaskFolderStatus.InProgress, progress: 42.5 });
    await expect(client.getTaskFolders(task.id)).resolves.toHaveLength(1);
    await expect(client.deleteTaskFolders(task.id)).resolves.toBe(true);
    await expect(client.sendDebugMessage('worker', 'hello', 'node-1')).resolves.toBe(true);
    await expect(client.getConnectionHealth()).resolves.toMatchObject({ isHealthy: true, serverVersion: '3.0.0-test' });
  });
});

describe('EnhancedApiClient: faults against the reference server', () => {
  it.each<[string, ServerOptions, Partial<ConnectionOptions>]>([
    ['a server that ignores the key (--no-idempotency, as .NET)', { idempotency: false }, {}],
    ['auto, before any health answer', {}, {}],
    ['IdempotencyKeySupport never', {}, { idempotencyKeySupport: 'never' }],
  ])('does not repeat a POST whose answer was lost: %s; OutcomeUnknownError names the key, one task exists', async (_case, serverOptions, connection) => {
    server = await startServer(serverOptions);
    proxy = await startAnswerLosingProxy(server.url, (method, path) => method === 'POST' && path === '/api/tasks');
    const harness = simulatedClient(proxy.url, connection);
    client = harness.client;
    if (serverOptions.idempotency === false) {
      await client.getConnectionHealth();
      expect(client.idempotencyKeyHonoured).toBe(false);
    }

    const error = await rejection(client.createTask({ name: 'once', type: 'HelloWorld' }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    const posts = proxy.forwarded.filter((request) => request.method === 'POST');
    const [sent] = posts;
    expect(posts).toHaveLength(1);
    expect(sent).toMatchObject({ method: 'POST', status: 201, lost: true });
    expect(error).toMatchObject({ operation: 'createTask', idempotencyKey: sent?.idempotencyKey });
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(NetworkError);
    expect(harness.watch.backoffs).toEqual([]);
    // The caller looks the result up: the first request did create the task, once.
    expect((await client.getTasks()).map((task) => task.name)).toEqual(['once']);
  });


  it('retries a POST whose answer was lost with the same Idempotency-Key, leaving exactly one task', async () => {
    server = await startServer();
    proxy = await startAnswerLosingProxy(server.url, (method, path) => method === 'POST' && path === '/api/tasks');
    const harness = simulatedClient(proxy.url);
    client = harness.client;
    // The server's health answer advertises the key: from then on (auto) a create whose answer was lost is repeated.
    await client.getConnectionHealth();
    expect(client.idempotencyKeyHonoured).toBe(true);

    const call = client.createTask({ name: 'once', type: 'HelloWorld' });
    await harness.passBackoff(1);
    const created = await call;

    expect(proxy.forwarded.filter((request) => request.method === 'POST')).toMatchObject([
      { status: 201, lost: true }, { status: 201, lost: false },
    ]);
    const [first, second] = proxy.forwarded.filter((request) => request.method === 'POST');
    expect(first?.idempotencyKey).toBeDefined();
    expect(second?.idempotencyKey).toBe(first?.idempotencyKey);
    const tasks = await client.getTasks();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ id: created.id, name: 'once' });
  });

  it('opens after the configured failures once the server stops, fails fast, and a half-open probe closes it after a restart', async () => {
    server = await startServer({ version: '3.0.0-test' });
    const { port } = server;
    const harness = simulatedClient(server.url, {
      maxRetryAttempts: 0, circuitBreakerFailureThreshold: 2, circuitBreakerMinimumThroughput: 2,
      circuitBreakerBreakDurationSeconds: 5,
    });
    client = harness.client;
    const opened: number[] = [];
    client.breaker.on('breaker.opened', (event) => opened.push(event.breakMs));
    await expect(client.getTasks()).resolves.toEqual([]);

    await server.close();
    // The pooled keep-alive socket may meet the shutdown as a reset; new connections are refused.
    for (let i = 0; i < 2; i += 1) {
      const error = await rejection(client.getTasks());
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).errorCode).toMatch(/^ECONN(REFUSED|RESET)$/);
    }
    expect(client.circuitState).toBe('open');
    expect(opened).toEqual([5000]);
    const refused = await rejection(client.getTasks());
    expect(refused).toBeInstanceOf(BrokenCircuitError);
    expect(refused).toMatchObject({ retryAfterMs: 5000 });

    server = await startServer({ port, version: '3.0.0-test' });
    harness.clock.increment(5000);
    expect(client.circuitState).toBe('halfOpen');
    await expect(client.getTasks()).resolves.toEqual([]);
    expect(client.circuitState).toBe('closed');
  });

  it('reports a stopped server as a retryable NetworkError after its retries', async () => {
    server = await startServer();
    const harness = simulatedClient(server.url, { maxRetryAttempts: 1 });
    client = harness.client;
    await server.close();
    server = undefined;
    const call = rejection(client.getAllNodes());
    await harness.passBackoff(1);
    const error = await call;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ errorCode: 'ECONNREFUSED', retryable: true, operation: 'getAllNodes' });
  });
});
