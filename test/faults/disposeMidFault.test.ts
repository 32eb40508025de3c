import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import { activeResourceCounts } from '../helpers/activeResources.js';
import { FaultNode } from './support/faultNode.js';
import { startFaultProxy } from './support/faultProxy.js';
import type { FaultAction } from './support/faultProxy.js';
import { resourcesLeftAfter } from './support/resources.js';
import { TaskCreator } from './support/taskCreator.js';
import { countUnhandledRejections } from './support/unhandled.js';
import { waitUntil } from './support/waitUntil.js';

const FAULTS: readonly [string, FaultAction][] = [
  ['answers trickling', { kind: 'slowBody', intervalMs: 100 }],
  ['resets mid-response', { kind: 'resetMidResponse' }],
  ['503 with Retry-After', { kind: 'reply', status: 503, headers: { 'retry-after': '2' } }],
  ['429 with Retry-After', { kind: 'reply', status: 429, headers: { 'retry-after': '2' } }],
];

describe('dispose in the middle of a fault', () => {
  it.each(FAULTS)('with %s on every request, nodes and creator disposed leave no connection, socket, timer or unhandled rejection', async (_name, action) => {
    const rejections = countUnhandledRejections();
    const baseline = activeResourceCounts();
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-dispose-'));
    const server = await startServer({ db: join(dir, 'tasks.db') });
    const proxy = await startFaultProxy(server.url);
    const creator = new TaskCreator(proxy.url);
    const nodes = [1, 2, 3].map((n) => new FaultNode(`node-${n}`, proxy.url));
    try {
      expect((await creator.create(0, 12)).failed).toEqual([]);
      for (const node of nodes) node.start();
      await waitUntil('work to flow', () => nodes.some((n) => n.delivered.length > 0), 20_000);
      proxy.setRule(() => action);
      const creating = creator.create(12, 20);
      const before = proxy.exchanges.length;
      // Calls and creations now sit in the fault: waiting on a trickle, a Retry-After, a retry or a recovery.
      await waitUntil('faulted exchanges', () => proxy.exchanges.length >= before + 8, 20_000);

      await Promise.all(nodes.map((n) => n.shutdown(false)));
      await creator.dispose();
      const unfinished = await creating;
      expect(unfinished.failed.every((f) => f.error.startsWith('ClientDisposedError')), 'creations end with ClientDisposedError').toBe(true);
      expect(nodes.map((n) => n.service.activeTimerCount)).toEqual([0, 0, 0]);
      // The fault is still on and the proxy still up: only a socket the clients leaked would keep a connection open.
      let open = -1;
      await waitUntil('the clients\' connections to close', () => {
        void proxy.openConnections().then((count) => {
          open = count;
        });
        return open === 0;
      }, 10_000, () => `${open} still open`);
    } finally {
      await Promise.all(nodes.map((n) => n.shutdown(false)));
      await creator.dispose();
      await proxy.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await resourcesLeftAfter(baseline)).toEqual({ sockets: 0, timers: 0 });
    rejections.stop();
    expect(rejections.reasons).toEqual([]);
  });
});
