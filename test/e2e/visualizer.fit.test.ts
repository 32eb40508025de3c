import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { startInspector } from '../../src/inspect/index.js';
import type { RunningInspector } from '../../src/inspect/index.js';
import { ConnectionManager } from '../../src/manager/ConnectionManager.js';
import { startServer } from '../../src/server/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { launchBrowser } from './support/browser.js';
import type { TestBrowser } from './support/browser.js';
import { waitForChart } from './support/page.js';

let browser: TestBrowser;
let server: RunningServer;
let inspector: RunningInspector;
let manager: ConnectionManager;
const clock = new SimulatedClock();
const HEALTH_INTERVAL_MS = 60_000;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ port: 0 });
  inspector = await startInspector();
  clock.set(Date.now());
  manager = new ConnectionManager({
    baseUrl: server.url, clock, now: () => clock.now(), inspect: inspector.inspectFor('node-1'),
    apiSettings: { healthCheckIntervalMinutes: HEALTH_INTERVAL_MS / 60_000, enableAutoRecovery: false },
    networkWatch: false,
  });
});

afterAll(async () => {
  await manager.dispose();
  await browser.close();
  await inspector.close();
  await server.close();
});

/** The little of the DOM the measurements use (the tests compile without the DOM types). */
interface MeasuredElement {
  readonly scrollWidth: number;
  readonly clientWidth: number;
  getBoundingClientRect(): { readonly width: number };
  getAttribute(name: string): string | null;
  querySelector(selector: string): MeasuredElement | null;
}
interface MeasuredPage {
  readonly document: { querySelector(selector: string): MeasuredElement | null };
}

/** Rendered widths, px: the chart, its card, and how far the chart's box scrolls sideways. */
interface Widths {
  chart: number;
  card: number;
  scrollOverflow: number;
  viewBox: string;
  zoom: string;
}

describe('visualizer page at 1280x800: charts fit their card', () => {
  it('fits the connection chart to its card, zooms and pans on demand, and fits again', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(inspector.url);
    const id = await waitForChart(page, 'connection');
    const card = page.locator(`.card[data-actor-id="${id}"]`);
    const chart = card.locator('svg.chart');
    const widths = (): Promise<Widths> => page.evaluate((actorId) => {
      const { document } = globalThis as unknown as MeasuredPage;
      const element = document.querySelector(`.card[data-actor-id="${actorId}"]`);
      const svg = element?.querySelector('svg.chart');
      const box = element?.querySelector('.chart-frame');
      if (element === null || element === undefined || svg === null || svg === undefined || box === null || box === undefined) throw new Error('no chart in the card');
      return {
        chart: svg.getBoundingClientRect().width,
        card: element.getBoundingClientRect().width,
        scrollOverflow: box.scrollWidth - box.clientWidth,
        viewBox: svg.getAttribute('viewBox') ?? '',
        zoom: svg.getAttribute('data-zoom') ?? '',
      };
    }, id);

    const fitted = await widths();
    expect(fitted.chart).toBeGreaterThan(0);
    expect(fitted.chart).toBeLessThanOrEqual(fitted.card);
    expect(fitted.scrollOverflow).toBe(0);
    expect(fitted.zoom).toBe('1.00');
    const cards = await page.evaluate(() => (globalThis as unknown as MeasuredPage).document.querySelector('#cards')?.clientWidth ?? 0);
    expect(fitted.card).toBeLessThanOrEqual(cards);
    expect(await card.locator('.chart-fit').isDisabled()).toBe(true);

    // The buttons zoom in around the centre; the chart keeps its size on the page.
    await card.locator('.chart-zoom-in').click();
    const zoomed = await widths();
    expect(zoomed.zoom).toBe('1.50');
    expect(zoomed.chart).toBeCloseTo(fitted.chart, 0);
    expect(zoomed.scrollOverflow).toBe(0);
    expect(zoomed.viewBox).not.toBe(fitted.viewBox);

    // Dragging pans: the shown area moves the other way.
    const box = await chart.boundingBox();
    if (box === null) throw new Error('the chart is not on screen');
    const before = zoomed.viewBox.split(' ').map(Number);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 3 });
    await page.mouse.up();
    const panned = (await widths()).viewBox.split(' ').map(Number);
    expect(panned[0]).toBeLessThan(before[0] ?? 0);

    // Ctrl + wheel zooms further at the pointer.
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await expect.poll(async () => Number((await widths()).zoom)).toBeGreaterThan(1.5);

    await card.locator('.chart-fit').click();
    expect(await widths()).toEqual(fitted);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });
});

describe('visualizer page: short-lived children', () => {
  it('folds the health monitor’s finished probes into one line, counting each', async () => {
    const page = await browser.newPage();
    await page.goto(inspector.url);
    await waitForChart(page, 'healthMonitor');
    const probes = 12;
    for (let probe = 1; probe <= probes; probe += 1) {
      clock.increment(HEALTH_INTERVAL_MS);
      // The next interval starts only once this probe answered: wait for the page to count it.
      await page.locator(`#actors li.folded[data-folded-name="probe"][data-count="${probe}"]`).waitFor();
    }
    const line = page.locator('#actors li.folded[data-folded-name="probe"]');
    expect(await line.count()).toBe(1);
    expect(await line.textContent()).toBe(`probe ×${probes}, last: done`);
    expect(await page.locator('#actors li.actor[data-actor-name="probe"]:not(.folded)').count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });
});

describe('visualizer page: favicon', () => {
  it('links /favicon.ico, which the relay serves as an icon chromium can draw', async () => {
    const page = await browser.newPage();
    await page.goto(inspector.url);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.ico');
    // Playwright's request interception always aborts a page's /favicon.ico (microsoft/playwright#7493), so the
    // file is fetched here and chromium is asked to decode its bytes: an image it can draw, not just a header.
    const response = await fetch(`${inspector.url}favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\//);
    const bytes = Buffer.from(await response.arrayBuffer()).toString('base64');
    const decoded = await page.evaluate(async (base64) => {
      const browserGlobals = globalThis as unknown as {
        createImageBitmap(this: void, blob: Blob): Promise<{ width: number; height: number }>;
        atob(this: void, text: string): string;
      };
      const binary = browserGlobals.atob(base64);
      const array = Uint8Array.from(binary, (char) => char.charCodeAt(0));
      const bitmap = await browserGlobals.createImageBitmap(new Blob([array], { type: 'image/x-icon' }));
      return { width: bitmap.width, height: bitmap.height };
    }, bytes);
    expect(decoded).toEqual({ width: 32, height: 32 });
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });
});
