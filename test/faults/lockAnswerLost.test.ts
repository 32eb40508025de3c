import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StandardApiClient } from '../../src/clients/StandardApiClient.js';
import { startServer } from '../../src/server/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { TaskExecutionService } from '../../src/tasks/TaskExecutionService.js';
import type { TaskServiceEvents } from '../../src/tasks/events.js';
import { fileProcessing } from './support/faultNode.js';
import { startFaultProxy } from './support/faultProxy.js';
import type { FaultProxy, FaultRule } from './support/faultProxy.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(rule: FaultRule): Promise<{ server: RunningServer; proxy: FaultProxy; seed: StandardApiClient }> {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-locks-'));
  const server = await startServer({ db: join(dir, 'tasks.db') });
  const proxy = await startFaultProxy(server.url);
  proxy.setRule(rule);
  const seed = new StandardApiClient(server.url);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => server.close(), () => proxy.close(), () => seed.dispose());
  return { server, proxy, seed };
}

function node(id: string, url: string): TaskExecutionService {
  const api = new StandardApiClient(url, { maxAttempts: 1, timeoutMs: 2_000, healthTimeoutMs: 2_000 });
  const service = new TaskExecutionService(api, { id, name: id }, {
    pollIntervalMs: 20, heartbeatIntervalMs: 1_000, deliveryBackoff: { initialDelayMs: 10, maxDelayMs: 100 }, handlers: { FileProcessing: fileProcessing },
  });
  cleanups.push(() => api.dispose(), () => service.dispose());
  return service;
}

function next<K extends keyof TaskServiceEvents>(service: TaskExecutionService, name: K): Promise<TaskServiceEvents[K]> {
  return new Promise((resolve) => {
    const off = service.on(name, (event) => {
      off();
      resolve(event);
    });
  });
}

const isLockCall = (path: string, verb: 'acquire' | 'release'): boolean => path === `/api/filelocks/${verb}`;

describe('file locks through lost answers', () => {
  it('a lock the server granted but whose answer was lost is released, so the next node can take the handed-back task', async () => {
    const { server, proxy, seed } = await setUp((request) => (isLockCall(request.path, 'acquire') ? { kind: 'dropAnswer' } : { kind: 'pass' }));
    const task = await seed.createTask({ name: 'convert', type: 'FileProcessing' });
    // node-1 reaches the server through the proxy: its acquire is applied, the answer never arrives.
    const first = node('node-1', proxy.url);
    const handedBack = next(first, 'taskHandedBack');
    first.start();
    expect((await handedBack).taskId).toBe(task.id);
    await first.stop();
    await first.dispose();
    expect(proxy.exchanges.filter((e) => isLockCall(e.path, 'acquire')).map((e) => e.status)).toEqual([204]);

    const second = node('node-2', server.url);
    const ended = Promise.race([next(second, 'taskCompleted'), next(second, 'taskFailed').then((e) => ({ ...e, failed: true }))]);
    second.start();
    const outcome = await ended;
    await second.stop();
    expect(outcome).toMatchObject({ taskId: task.id, resultMessage: `processed ${task.id} on node-2` });
    expect(await seed.getActiveLocks()).toEqual([]);
  });

  it('a graceful stop releases a lock whose release could not reach the server earlier', async () => {
    const { proxy, seed } = await setUp((request) => (isLockCall(request.path, 'release') ? { kind: 'reply', status: 503 } : { kind: 'pass' }));
    const task = await seed.createTask({ name: 'convert', type: 'FileProcessing' });
    const service = node('node-1', proxy.url);
    let stopped: Promise<void> | undefined;
    const completed = new Promise<void>((resolve) => {
      const off = service.on('taskCompleted', () => {
        off();
        // Stop as soon as the result is confirmed: the release the 503 refused is still owed to the server.
        proxy.setRule(null);
        stopped = service.stop();
        resolve();
      });
    });
    service.start();
    await completed;
    await stopped;
    expect(proxy.exchanges.filter((e) => e.action === 'reply').length).toBeGreaterThan(0);
    expect((await seed.getTaskById(task.id))?.status).toBe(2);
    expect(await seed.getActiveLocks()).toEqual([]);
  });
});
