import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/errors/index.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import type { ConnectionManagerOptions } from '../../../src/manager/options.js';
import { startHeldTaskServer } from '../manager/support/heldTaskServer.js';
import type { HeldTaskServer } from '../manager/support/heldTaskServer.js';
import { parseExposition, samplesOf, valueOf } from '../../unit/metrics/support/exposition.js';

let server: HeldTaskServer | undefined;
const managers: ConnectionManager[] = [];

afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.dispose()));
  await server?.close();
  server = undefined;
});

function start(options: Omit<ConnectionManagerOptions, 'baseUrl'>): ConnectionManager {
  if (server === undefined) throw new Error('start the server first');
  const manager = new ConnectionManager({ baseUrl: server.url, apiSettings: { enableAutoRecovery: false }, ...options });
  managers.push(manager);
  return manager;
}

describe('several ConnectionManagers on one registry', () => {
  it('share one metric set, each with its own node series; disposing one removes only its series', async () => {
    server = await startHeldTaskServer();
    const registry = new Registry();
    const a = start({ metrics: { registry }, nodeId: 'a' });
    const b = start({ metrics: { registry }, nodeId: 'b' });
    await a.client.getTasks();
    await b.client.getTasks();
    await b.client.getTasks();
    let scraped = parseExposition(await registry.metrics());
    expect(valueOf(scraped, 'vcconn_calls_total', { node: 'a', outcome: 'success' })).toBe(1);
    expect(valueOf(scraped, 'vcconn_calls_total', { node: 'b', outcome: 'success' })).toBe(2);
    expect(samplesOf(scraped, 'vcconn_link_state', { state: 'healthy' }).map((sample) => sample.labels.node).sort()).toEqual(['a', 'b']);
    // Each metric is declared once, with a series per node.
    expect((await registry.metrics()).match(/^# TYPE vcconn_calls_total /gm)).toHaveLength(1);

    await a.dispose();
    scraped = parseExposition(await registry.metrics());
    expect(scraped.samples.filter((sample) => sample.labels.node === 'a')).toEqual([]);
    expect(valueOf(scraped, 'vcconn_calls_total', { node: 'b', outcome: 'success' })).toBe(2);
    expect(valueOf(scraped, 'vcconn_link_state', { node: 'b', state: 'healthy' })).toBe(1);
    expect(valueOf(scraped, 'vcconn_breaker_state', { node: 'b', state: 'closed' })).toBe(1);

    // The id is free again, and the new node starts from zero.
    const again = start({ metrics: { registry }, nodeId: 'a' });
    await again.client.getTasks();
    scraped = parseExposition(await registry.metrics());
    expect(valueOf(scraped, 'vcconn_calls_total', { node: 'a', outcome: 'success' })).toBe(1);
  });

  it('refuses a second live manager with the same nodeId on the registry, before creating any client', async () => {
    server = await startHeldTaskServer();
    const registry = new Registry();
    start({ metrics: { registry }, nodeId: 'same' });
    const connectionsBefore = server.connectionCount;
    expect(() => start({ metrics: { registry }, nodeId: 'same' })).toThrow(InvalidArgumentError);
    expect(server.connectionCount).toBe(connectionsBefore);
    // Without a nodeId each manager gets a distinct one.
    const first = start({ metrics: { registry } });
    const second = start({ metrics: { registry } });
    await first.client.getTasks();
    await second.client.getTasks();
    const nodes = samplesOf(parseExposition(await registry.metrics()), 'vcconn_calls_total').map((sample) => sample.labels.node);
    expect(new Set(nodes).size).toBe(2);
    expect(nodes.every((node) => /^vcconn-\d+$/.test(node ?? ''))).toBe(true);
  });

  it('a manager without metrics or tracing adds nothing to any registry', async () => {
    server = await startHeldTaskServer();
    const registry = new Registry();
    start({ metrics: { registry }, nodeId: 'only' });
    const plain = start({});
    await plain.client.getTasks();
    const scraped = parseExposition(await registry.metrics());
    expect(scraped.samples.every((sample) => sample.labels.node === 'only')).toBe(true);
    expect(samplesOf(scraped, 'vcconn_calls_total')).toEqual([]);
  });
});
