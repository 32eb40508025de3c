import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { watchOutbox } from '../../../src/metrics/watchOutbox.js';
import { OfflineClient } from '../../../src/outbox/OfflineClient.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import { startServer } from '../../../src/server/startServer.js';
import { parseExposition, samplesOf, valueOf } from '../../unit/metrics/support/exposition.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('outbox metrics of a real OfflineClient delivering to the reference server', () => {
  it('count what was queued, delivered and dead-lettered, and the gauges read the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-outbox-metrics-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await startServer();
    cleanups.push(() => server.close());
    const manager = new ConnectionManager({ baseUrl: server.url });
    cleanups.push(() => manager.dispose());
    const outbox = await openOutbox(join(dir, 'worker.db'));
    const registry = new Registry();
    const offline = new OfflineClient({ connection: manager, outbox });
    cleanups.push(() => offline.close());
    const watch = watchOutbox({ registry, nodeId: 'w1', outbox, events: offline });
    cleanups.push(() => watch.dispose());

    await offline.enqueue({ operation: 'createTask', args: [{ name: 'metrics-a', type: 'HelloWorld' }] });
    await offline.enqueue({ operation: 'createTask', args: [{ name: 'metrics-b', type: 'HelloWorld' }] });
    // A poison entry: the server answers 404 for a task it does not hold, and always will.
    await offline.enqueue({ operation: 'updateTaskStatus', args: [987_654, 'Completed'] });
    await offline.drained();

    const scraped = parseExposition(await registry.metrics());
    const labels = { node: 'w1', outbox: 'worker.db' };
    expect(valueOf(scraped, 'vcconn_outbox_queued_total', { ...labels, operation: 'createTask' })).toBe(2);
    expect(valueOf(scraped, 'vcconn_outbox_queued_total', { ...labels, operation: 'updateTaskStatus' })).toBe(1);
    expect(valueOf(scraped, 'vcconn_outbox_delivered_total', { ...labels, operation: 'createTask', kind: 'sent' })).toBe(2);
    expect(samplesOf(scraped, 'vcconn_outbox_delivered_total', { operation: 'updateTaskStatus' })).toEqual([]);
    expect(valueOf(scraped, 'vcconn_outbox_dead_lettered_total', { ...labels, operation: 'updateTaskStatus', reason: 'rejected' })).toBe(1);
    expect(valueOf(scraped, 'vcconn_outbox_pending_entries', labels)).toBe(0);
    expect(valueOf(scraped, 'vcconn_outbox_dead_letter_entries', labels)).toBe(1);
    expect(valueOf(scraped, 'vcconn_outbox_oldest_entry_age_seconds', labels)).toBe(0);
  });
});
