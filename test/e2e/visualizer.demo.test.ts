import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoSummary } from '../../src/demo/summary.js';
import { runDemo } from '../../src/demo/runDemo.js';
import { startInspector } from '../../src/inspect/index.js';
import type { RunningInspector } from '../../src/inspect/index.js';
import { launchBrowser } from './support/browser.js';
import type { TestBrowser } from './support/browser.js';
import { waitForChart, waitForFeed, waitForTrail } from './support/page.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

let browser: TestBrowser;
let inspector: RunningInspector;

beforeAll(async () => {
  browser = await launchBrowser();
  inspector = await startInspector();
});

afterAll(async () => {
  await browser.close();
  await inspector.close();
});

/** Seconds into the run of the first log line containing `text`. */
function stampOf(log: string, text: string): number {
  const line = log.split('\n').find((l) => l.includes(text));
  const seconds = /^\[\s*([\d.]+)s\]/.exec(line ?? '')?.[1];
  if (seconds === undefined) throw new Error(`no log line with "${text}" in:\n${log}`);
  return Number(seconds);
}

/** Seconds into the run of every `<nodeId>: circuit breaker opened` line. */
function breakerOpenings(log: string, nodeId: string): number[] {
  return log.split('\n').filter((l) => l.includes(`${nodeId}: circuit breaker opened`)).map((l) => Number(/^\[\s*([\d.]+)s\]/.exec(l)?.[1]));
}

describe('visualizer page: the demo run', () => {
  it("shows the steady node's breaker go open in the 5xx burst, then halfOpen and closed once the fault proxy lifts it; managers degrade and recover; failed health checks", async () => {
    const output: string[] = [];
    // The page is connected before the run starts, so it sees every state change from the first.
    const page = await browser.newPage();
    await page.goto(inspector.url);
    await waitForFeed(page);
    // The real demo (server child process, fault proxy, worker nodes). Seed 91 over 24 s plays a 1.9 s burst
    // followed by 2.2 s of quiet before the server is killed: the breaker's first 2 s break outlasts the burst,
    // so its half-open trial comes after the burst lifted and before the next fault.
    const stop = new AbortController();
    const run: Promise<DemoSummary> = runDemo({ nodes: 3, tasks: 60, durationMs: 24_000, seed: 91 }, {
      write: (text) => output.push(text),
      isTTY: false,
      signal: stop.signal,
      visualizer: { url: inspector.url, observerFor: (nodeId) => inspector.inspectFor(nodeId) },
      launch: { execPath: process.execPath, args: ['--import', 'tsx', CLI] },
    });
    try {
      await waitForChart(page, 'connection');
      await waitForChart(page, 'healthMonitor');
      await waitForChart(page, 'circuitBreaker');

      // node-3, the last node, has auto-recovery off: it keeps its client through the faults, so its breaker lives
      // through its whole cycle (the others' recovery retires a client whose breaker is open).
      const breaker = await waitForTrail(page, 'circuitBreaker', ['closed', 'open', 'halfOpen', 'closed'], 90_000, 'node-3');
      const logWhenClosed = output.join('');
      const burstOn = stampOf(logWhenClosed, 'fault: 5xx burst');
      const burstOff = stampOf(logWhenClosed, 'fault over: 5xx burst');
      const openings = breakerOpenings(logWhenClosed, 'node-3');
      // The cycle starts in the burst: the first opening happened while the proxy injected it. On a loaded machine
      // the half-open trial can meet the next fault (the server kill) and open the breaker again before it closes;
      // the page must still show the whole cycle.
      expect(openings.length, logWhenClosed).toBeGreaterThan(0);
      expect(openings[0], logWhenClosed).toBeGreaterThanOrEqual(burstOn);
      expect(openings[0], logWhenClosed).toBeLessThanOrEqual(burstOff);
      const card = page.locator(`.card[data-actor-id="${breaker}"]`);
      for (const state of ['open', 'halfOpen', 'closed']) {
        expect(await card.locator(`g.state[data-state-id="circuitBreaker.${state}"]`).count()).toBe(1);
      }
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'test-results/visualizer.png' });

      // The other nodes' managers lose health and recover; the health timeline shows the failed checks.
      await waitForTrail(page, 'connection', ['.*link\\.healthy', '.*link\\.(degraded|recovering|offline)', '.*link\\.healthy'], 90_000);
      await page.locator('.timeline-chart circle.rt-failed').first().waitFor({ timeout: 90_000 });
      expect(output.join('')).toContain(`visualizer: ${inspector.url}`);

      const summary = await run;
      expect(summary).toMatchObject({ lost: 0, duplicated: 0 });
      expect(browser.offLoopback).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      // A failed expectation must not leave the demo (and its server child) running.
      stop.abort();
      await run.catch(() => undefined);
    }
    await page.close();
  });
});
