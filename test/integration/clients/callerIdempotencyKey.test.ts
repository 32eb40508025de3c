import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../src/api/ApiClient.js';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { HttpStatusError, InvalidArgumentError } from '../../../src/errors/index.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { startServer } from '../../../src/server/index.js';
import type { RunningServer } from '../../../src/server/index.js';

// A caller that gives up on a create (a timeout, a restart) and calls again must be able to reuse its key, so
// the server answers the second call with the first call's row instead of making another.
let server: RunningServer | undefined;
const disposals: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const dispose of disposals.splice(0)) await dispose();
  await server?.close();
  server = undefined;
});

const clients: readonly [string, (url: string) => ApiClient][] = [
  ['EnhancedApiClient', (url) => new EnhancedApiClient(url)],
  ['StandardApiClient', (url) => new StandardApiClient(url)],
  ['ConnectionManager.client', (url) => new ConnectionManager({ baseUrl: url }).client],
];

describe.each(clients)('%s: createTask and createTaskFolder with the caller\'s Idempotency-Key', (_name, make) => {
  async function start(): Promise<ApiClient> {
    server = await startServer({ version: '3.0.0-test' });
    const client = make(server.url);
    disposals.push(() => client.dispose());
    return client;
  }

  it('returns the same task for a second call with the same key, and stores one', async () => {
    const client = await start();
    const task = { name: 'render', type: 'RenderThumbnails' as const, parameters: '{}' };
    const first = await client.createTask(task, { idempotencyKey: 'order-42-render' });
    const again = await client.createTask(task, { idempotencyKey: 'order-42-render' });
    expect(again).toEqual(first);
    expect(await client.getTasks()).toHaveLength(1);
    // Another key (or none) creates another task, as the API promises.
    await client.createTask(task, { idempotencyKey: 'order-43-render' });
    await client.createTask(task);
    expect(await client.getTasks()).toHaveLength(3);
  });

  it('refuses the same key with another body with HTTP 422, creating nothing', async () => {
    const client = await start();
    await client.createTask({ name: 'a', type: 'TestMessage', parameters: '{}' }, { idempotencyKey: 'k-1' });
    const error = await client.createTask({ name: 'b', type: 'TestMessage', parameters: '{}' }, { idempotencyKey: 'k-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 422, operation: 'createTask' });
    expect(await client.getTasks()).toHaveLength(1);
  });

  it('creates one folder for two calls with the same key', async () => {
    const client = await start();
    const task = await client.createTask({ name: 'folders', type: 'TestMessage', parameters: '{}' });
    const folder = { folderPath: 'C:/renders/a', folderName: 'a' };
    const first = await client.createTaskFolder(task.id, folder, { idempotencyKey: 'folder-a' });
    await expect(client.createTaskFolder(task.id, folder, { idempotencyKey: 'folder-a' })).resolves.toEqual(first);
    expect(await client.getTaskFolders(task.id)).toHaveLength(1);
  });

  it.each([
    ['an empty key', ''],
    ['a key with a space', 'order 42'],
    ['a key of 256 characters', 'k'.repeat(256)],
    ['a key that is not a string', 42],
  ])('refuses %s with InvalidArgumentError before sending anything', async (_label, idempotencyKey) => {
    const client = await start();
    const error = await client.createTask(
      { name: 'x', type: 'TestMessage', parameters: '{}' }, { idempotencyKey } as unknown as { idempotencyKey: string },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ message: expect.stringContaining('options.idempotencyKey') as unknown });
    expect(await client.getTasks()).toEqual([]);
  });
});
