import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startInspector } from '../../../src/inspect/index.js';
import type { FeedBatch } from '../../../src/inspect/index.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { OfflineClient } from '../../../src/outbox/OfflineClient.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import { startServer } from '../../../src/server/index.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('OfflineClient over a ConnectionManager', () => {
  it('delivers through the manager\'s client, and its actor shows in the visualizer beside the manager\'s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-outbox-manager-'));
    const server = await startServer({ idempotency: true });
    const inspector = await startInspector({ flushIntervalMs: 10 });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => server.close(), () => inspector.close());
    const manager = new ConnectionManager({ baseUrl: server.url, networkWatch: false, inspect: inspector.inspectFor('node-1') });
    cleanups.push(() => manager.dispose());
    const outbox = await openOutbox(join(dir, 'outbox.db'));
    // No `inspect` of its own: it takes the manager's.
    const offline = new OfflineClient({ connection: manager, outbox });
    cleanups.push(() => offline.close());

    const feed = new WebSocket(`${inspector.url.replace('http', 'ws')}feed`, { origin: inspector.url.slice(0, -1) });
    const batches: FeedBatch[] = [];
    feed.on('message', (data: Buffer) => batches.push(JSON.parse(data.toString('utf8')) as FeedBatch));
    cleanups.push(() => feed.close());
    await new Promise<void>((resolve, reject) => {
      feed.once('open', () => resolve());
      feed.once('error', reject);
    });

    const outcome = await offline.write({ operation: 'createTask', args: [{ name: 'through-manager', type: 'HelloWorld' }] });
    expect(outcome).toMatchObject({ status: 'delivered', result: { name: 'through-manager' } });
    await offline.enqueue({ operation: 'sendHeartbeat', args: ['node-1'] });
    await offline.drained();

    for (;;) {
      const actors = batches.flatMap((batch) => batch.actors);
      if (actors.some((actor) => actor.name === 'outbox') && actors.some((actor) => actor.name === 'connection')) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const outboxActor = batches.flatMap((batch) => batch.actors).find((actor) => actor.name === 'outbox');
    expect(outboxActor).toMatchObject({ group: 'node-1', source: 'local' });
    expect(outboxActor?.definitionId).not.toBeNull();
  });
});
