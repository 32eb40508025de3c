import { getLocal } from 'mockttp';
import type { Mockttp } from 'mockttp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { EnhancedApiClient } from '../../src/clients/EnhancedApiClient.js';
import { startInspector } from '../../src/inspect/index.js';
import type { RunningInspector } from '../../src/inspect/index.js';
import { startServer } from '../../src/server/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { launchBrowser } from './support/browser.js';
import type { TestBrowser } from './support/browser.js';
import { waitForActiveState, waitForChart } from './support/page.js';

let browser: TestBrowser;
let server: RunningServer;
let proxy: Mockttp;
let inspector: RunningInspector;
let client: EnhancedApiClient | undefined;
let burst = false;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ port: 0 });
  proxy = getLocal();
  await proxy.start();
  // The fault proxy: forwards to the reference server, or answers 503 while a burst is on.
  await proxy.forAnyRequest().matching(() => burst).always().thenReply(503, 'injected burst');
  await proxy.forAnyRequest().always().thenForwardTo(server.url);
});

afterAll(async () => {
  await browser.close();
  await proxy.stop();
  await server.close();
});

afterEach(async () => {
  await client?.dispose();
  client = undefined;
  await inspector.close();
});

describe('visualizer page: a client breaker through a 5xx burst', () => {
  it('shows the breaker go open, then halfOpen, then closed, marking each transition, with no request off loopback', async () => {
    inspector = await startInspector();
    const clock = new SimulatedClock();
    clock.set(Date.now());
    client = new EnhancedApiClient(`http://127.0.0.1:${proxy.port}`, {
      clock, now: () => clock.now(), inspect: inspector.inspectFor('node-1'),
      connection: { circuitBreakerFailureThreshold: 3, circuitBreakerMinimumThroughput: 3, circuitBreakerBreakDurationSeconds: 5, maxRetryAttempts: 0 },
    });
    const page = await browser.newPage();
    await page.goto(inspector.url);
    const breaker = await waitForChart(page, 'circuitBreaker');
    await waitForActiveState(page, breaker, 'circuitBreaker.closed');
    await expect(client.getTasks()).resolves.toEqual([]);

    burst = true;
    for (let call = 0; call < 3; call += 1) await expect(client.getTasks()).rejects.toMatchObject({ status: 503 });
    expect(client.circuitState).toBe('open');
    await waitForActiveState(page, breaker, 'circuitBreaker.open');
    await page.locator(`.card[data-actor-id="${breaker}"] g.transition.taken`).first().waitFor();
    expect(await page.locator(`.card[data-actor-id="${breaker}"] g.transition.taken`).first().getAttribute('data-transition-id'))
      .toMatch(/^circuitBreaker\.closed#/);

    burst = false;
    clock.increment(5000);
    expect(client.circuitState).toBe('halfOpen');
    await waitForActiveState(page, breaker, 'circuitBreaker.halfOpen');
    expect(await page.locator(`.card[data-actor-id="${breaker}"] g.transition.taken text.transition-label`).textContent()).toBe('after remainingBreak');

    await expect(client.getTasks()).resolves.toEqual([]);
    await waitForActiveState(page, breaker, 'circuitBreaker.closed');
    const card = page.locator(`.card[data-actor-id="${breaker}"]`);
    expect(await card.locator('.trail').getAttribute('data-trail')).toBe('closed > open > halfOpen > closed');
    expect(await card.getAttribute('data-group')).toBe('node-1');
    expect(await card.locator('g.transition.taken text.transition-label').textContent()).toBe('CALL.SUCCEEDED');
    expect(await page.locator('.log-table tbody tr[data-event-type="CALL.FAILED"]').count()).toBe(3);

    await page.screenshot({ path: 'test-results/visualizer-breaker.png' });
    expect(browser.offLoopback).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });
});
