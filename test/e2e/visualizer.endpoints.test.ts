import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { startInspector } from '../../src/inspect/index.js';
import type { RunningInspector } from '../../src/inspect/index.js';
import { ConnectionManager } from '../../src/manager/ConnectionManager.js';
import { startServer } from '../../src/server/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { launchBrowser } from './support/browser.js';
import type { TestBrowser } from './support/browser.js';
import { waitForActiveState, waitForChart } from './support/page.js';

let browser: TestBrowser;
let servers: RunningServer[] = [];
let inspector: RunningInspector;
let manager: ConnectionManager | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  servers = await Promise.all([startServer({ port: 0 }), startServer({ port: 0 }), startServer({ port: 0 })]);
  inspector = await startInspector();
});

afterAll(async () => {
  await manager?.dispose();
  await browser.close();
  await inspector.close();
  await Promise.all(servers.map((server) => server.close()));
});

describe('visualizer page: a ConnectionManager over three servers', () => {
  it('shows the endpoint-selection machine and one breaker per endpoint; a dead server\'s breaker opens, then the selection has none left', async () => {
    const clock = new SimulatedClock();
    clock.set(Date.now());
    const urls = servers.map((server) => server.url);
    manager = new ConnectionManager({
      baseUrl: urls[0] ?? '',
      apiSettings: { baseUrls: urls, enableAutoRecovery: false },
      connection: { maxRetryAttempts: 0, circuitBreakerFailureThreshold: 2, circuitBreakerMinimumThroughput: 1, circuitBreakerBreakDurationSeconds: 30 },
      clock,
      networkWatch: false,
      inspect: inspector.inspectFor('node-1'),
    });
    const page = await browser.newPage();
    await page.goto(inspector.url);
    const selection = await waitForChart(page, 'endpointSelection');
    await waitForActiveState(page, selection, 'endpointSelection.available.settled');
    // One breaker card per endpoint, each named after its server.
    const breakerOf = new Map<string, string>();
    for (const url of urls) breakerOf.set(url, await waitForChart(page, `circuitBreaker ${url}`));
    expect(await page.locator('.card[data-actor-name^="circuitBreaker "][data-group="node-1"]').count()).toBe(3);
    await expect(manager.client.getTasks()).resolves.toEqual([]);

    // The first server goes: two refused connects open its breaker, the calls themselves fail over.
    await servers[0]?.close();
    for (let call = 0; call < 2; call += 1) await expect(manager.client.getTasks()).resolves.toEqual([]);
    await waitForActiveState(page, breakerOf.get(urls[0] ?? '') ?? '', 'circuitBreaker.open');
    for (const url of urls.slice(1)) await waitForActiveState(page, breakerOf.get(url) ?? '', 'circuitBreaker.closed');
    expect(await page.locator('.log-table tbody tr[data-event-type="ENDPOINT.BREAKER_OPENED"]').count()).toBeGreaterThanOrEqual(1);

    // The other two go: every breaker open, the selection has no endpoint left.
    await Promise.all(servers.slice(1).map((server) => server.close()));
    for (let call = 0; call < 2; call += 1) await expect(manager.client.getTasks()).rejects.toThrow();
    await waitForActiveState(page, selection, 'endpointSelection.unavailable');
    for (const url of urls) await waitForActiveState(page, breakerOf.get(url) ?? '', 'circuitBreaker.open');
    expect(manager.circuitState).toBe('open');

    await page.screenshot({ path: 'test-results/visualizer-endpoints.png' });
    expect(browser.offLoopback).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });
});
