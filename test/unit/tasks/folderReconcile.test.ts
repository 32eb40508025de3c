import { describe, expect, it } from 'vitest';
import { TaskFolderStatus } from '../../../src/api/models/index.js';
import { OutcomeUnknownError } from '../../../src/errors/index.js';
import { createFolderOnce } from '../../../src/tasks/createFolderOnce.js';
import { isLinkFailure } from '../../../src/tasks/linkFailure.js';
import { TaskRunContext } from '../../../src/tasks/TaskRunContext.js';
import { FakeTaskServer } from './support/FakeTaskServer.js';

const run = <T>(call: () => Promise<T>): Promise<T> => call();

function contextOn(server: FakeTaskServer, taskId: number): TaskRunContext {
  return new TaskRunContext(server.task(taskId), {
    api: server, node: { id: 'n1', name: 'One' }, signal: new AbortController().signal, now: () => 0,
    sleep: () => Promise.resolve(true), track: run,
  });
}

const createsFolder = (operation: string) => operation === 'createTaskFolder';

describe('a folder created on a server that ignores Idempotency-Key (the .NET server)', () => {
  it('a create whose outcome is unknown is read back, not repeated: one folder, and the report lands on it', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('scan', 'FileProcessing');
    server.loseAnswer(createsFolder, 'outcomeUnknown');
    const context = contextOn(server, task.id);
    await expect(context.reportFolderProgress({ folderPath: 'D:/in/1', status: 'InProgress', progress: 50 })).resolves.toBe(true);
    await expect(context.reportFolderProgress({ folderPath: 'D:/in/1', status: 'Completed', progress: 100 })).resolves.toBe(true);
    expect(server.folders).toMatchObject([{ folderPath: 'D:/in/1', status: TaskFolderStatus.Completed, progress: 100 }]);
    expect(server.calls.filter((c) => c.operation === 'createTaskFolder')).toHaveLength(1);
  });

  it('creates it again when the read-back shows the lost create was never applied', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('scan', 'FileProcessing');
    let failed = false;
    const api = Object.assign(Object.create(server) as FakeTaskServer, {
      createTaskFolder: (...args: Parameters<FakeTaskServer['createTaskFolder']>) => {
        if (failed) return server.createTaskFolder(...args);
        failed = true;
        return Promise.reject(new OutcomeUnknownError('createTaskFolder', 'k', { cause: new Error('reset before the server read it') }));
      },
    });
    const folder = await createFolderOnce(api, task.id, { folderPath: 'D:/in/2', folderName: '2' }, run);
    expect(server.folders).toEqual([folder]);
  });

  it('gives up after three unknown outcomes with the last error (a link failure: the report says false)', async () => {
    const server = new FakeTaskServer();
    const task = server.seed('scan', 'FileProcessing');
    const unknown = new OutcomeUnknownError('createTaskFolder', 'k', { cause: new Error('lost') });
    const api = Object.assign(Object.create(server) as FakeTaskServer, { createTaskFolder: () => Promise.reject(unknown) });
    await expect(createFolderOnce(api, task.id, { folderPath: 'D:/in/3', folderName: '3' }, run)).rejects.toBe(unknown);
    expect(isLinkFailure(unknown)).toBe(true);
    expect(server.calls.filter((c) => c.operation === 'getTaskFolders')).toHaveLength(2);
  });
});
