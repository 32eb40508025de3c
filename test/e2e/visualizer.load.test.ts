import { createWebSocketInspector } from '@statelyai/inspect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import { startInspector } from '../../src/inspect/index.js';
import type { RunningInspector } from '../../src/inspect/index.js';
import { launchBrowser } from './support/browser.js';
import type { TestBrowser } from './support/browser.js';
import { diagnostics, waitForActiveState, waitForChart, waitForEventCount } from './support/page.js';

const toggleMachine = createMachine({
  id: 'toggle', initial: 'off',
  states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off' } } },
});

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

/** Sends `total` events at `perSecond` (catching up every 5 ms tick) and resolves with how long it took, ms. */
function sendAtRate(send: () => void, total: number, perSecond: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    let sent = 0;
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * perSecond) / 1000));
      for (; sent < due; sent += 1) send();
      if (sent >= total) {
        clearInterval(timer);
        resolve(performance.now() - started);
      }
    }, 5);
  });
}

describe('visualizer page: other apps and load', () => {
  it('shows an app that reports with @statelyai/inspect createWebSocketInspector, lit as it changes', async () => {
    const page = await browser.newPage();
    await page.goto(inspector.url);
    const client = createWebSocketInspector({ url: `${inspector.inspectUrl}?group=other-app` });
    const toggle = createActor(toggleMachine, { inspect: client.inspect }).start();
    const id = await waitForChart(page, 'toggle');
    expect(id).toMatch(/^ws\d+:x:\d+$/);
    expect(await page.locator(`.card[data-actor-id="${id}"]`).getAttribute('data-group')).toBe('other-app');
    await waitForActiveState(page, id, 'toggle.off');
    toggle.send({ type: 'FLIP' });
    await waitForActiveState(page, id, 'toggle.on');
    expect(await page.locator(`.card[data-actor-id="${id}"] g.transition.taken`).getAttribute('data-transition-id')).toBe('toggle.off#0');
    await page.locator(`.actor[data-actor-id="${id}"]`).waitFor();
    toggle.stop();
    client.stop();
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });

  it('keeps up with 1,000 events a second: every event reaches the page, none dropped, no long freeze', async () => {
    const page = await browser.newPage();
    await page.goto(inspector.url);
    const actor = createActor(toggleMachine, { inspect: inspector.inspectFor('load') }).start();
    const id = await waitForChart(page, 'toggle');
    const before = (await diagnostics(page)).totals.events;
    await page.evaluate(() => {
      const own = (globalThis as unknown as { __visualizer: { maxLongTaskMs: number; longTasks: number; maxRenderMs: number } }).__visualizer;
      own.maxLongTaskMs = 0;
      own.longTasks = 0;
      own.maxRenderMs = 0;
    });
    const total = 5000;
    const sendingMs = await sendAtRate(() => actor.send({ type: 'FLIP' }), total, Number(process.env.LOAD_RATE ?? 1000));
    await waitForEventCount(page, before + total);
    await waitForActiveState(page, id, total % 2 === 0 ? 'toggle.off' : 'toggle.on');
    const after = await diagnostics(page);
    const rate = Math.round((total * 1000) / sendingMs);
    console.info(`load: ${total} events in ${Math.round(sendingMs)} ms (${rate}/s); page got ${after.totals.events - before} in ${after.totals.batches} batches total, ` +
      `${after.frames} frames; longest render ${after.maxRenderMs.toFixed(1)} ms, longest task ${after.maxLongTaskMs} ms (${after.longTasks} over 50 ms); ` +
      `relay dropped ${after.relay?.droppedEvents ?? -1}, folded ${after.relay?.coalescedStates ?? -1}, resyncs ${after.relay?.resyncs ?? -1}`);
    expect(after.totals.events - before).toBe(total);
    expect(after.relay).toMatchObject({ droppedEvents: 0, coalescedStates: 0, resyncs: 0 });
    expect(after.maxLongTaskMs).toBeLessThan(1000);
    actor.stop();
    await page.close();
  });
});
