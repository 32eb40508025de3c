import type { Page } from 'playwright-core';

/** The little of the DOM the page-side functions below use (the tests compile without the DOM types). */
interface PageGlobals {
  readonly document: { querySelectorAll(selector: string): Iterable<{ readonly dataset: Record<string, string | undefined>; querySelector(selector: string): { readonly dataset: Record<string, string | undefined> } | null }> };
  readonly __visualizer?: unknown;
}

/** Waits until the card of an actor named `name` has its chart drawn, and returns the actor's id. */
export async function waitForChart(page: Page, name: string, timeout = 30_000): Promise<string> {
  const card = page.locator(`.card[data-actor-name="${name}"]`).filter({ has: page.locator('svg.chart') }).first();
  await card.waitFor({ timeout });
  const id = await card.getAttribute('data-actor-id');
  if (id === null) throw new Error(`the ${name} card has no actor id`);
  return id;
}

/** Waits until the chart of actor `actorId` lights state `stateId`. */
export async function waitForActiveState(page: Page, actorId: string, stateId: string, timeout = 30_000): Promise<void> {
  await page.locator(`.card[data-actor-id="${actorId}"] g.state.active[data-state-id="${stateId}"]`).waitFor({ timeout });
}

/**
 * Waits until the trail of recent states of some card of an actor named `actorName` (in `group`, when given: the
 * node or manager label of `inspectFor`) has states matching `steps` (regular expressions, whole state text) in
 * this order, other states allowed between; returns that actor's id.
 */
export async function waitForTrail(page: Page, actorName: string, steps: readonly string[], timeout = 60_000, group?: string): Promise<string> {
  const handle = await page.waitForFunction(([name, wanted, inGroup]) => {
    const { document } = globalThis as unknown as PageGlobals;
    const patterns = wanted.map((step) => new RegExp(`^(?:${step})$`));
    for (const card of document.querySelectorAll(`.card[data-actor-name="${name}"]`)) {
      if (inGroup !== null && card.dataset.group !== inGroup) continue;
      const trail = card.querySelector('.trail')?.dataset.trail ?? '';
      let next = 0;
      for (const state of trail.split(' > ')) if (patterns[next]?.test(state) === true) next += 1;
      if (next === patterns.length) return card.dataset.actorId ?? '';
    }
    return false;
  }, [actorName, steps, group ?? null] as const, { timeout, polling: 50 });
  return String(await handle.jsonValue());
}

/** The page's diagnostics (`window.__visualizer`). */
export interface PageDiagnostics {
  readonly totals: { readonly batches: number; readonly events: number; readonly states: number; readonly resets: number };
  readonly frames: number;
  readonly maxRenderMs: number;
  readonly maxLongTaskMs: number;
  readonly longTasks: number;
  readonly relay: { readonly received: number; readonly droppedEvents: number; readonly coalescedStates: number; readonly resyncs: number } | null;
}

export async function diagnostics(page: Page): Promise<PageDiagnostics> {
  const text = await page.evaluate(() => JSON.stringify((globalThis as unknown as PageGlobals).__visualizer ?? null));
  return JSON.parse(text) as PageDiagnostics;
}

/** Waits until the page has received at least `count` events in all. */
export async function waitForEventCount(page: Page, count: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction((wanted) => {
    const diagnostics = (globalThis as unknown as PageGlobals).__visualizer as { totals?: { events?: number } } | undefined;
    return (diagnostics?.totals?.events ?? 0) >= wanted;
  }, count, { timeout, polling: 50 });
}

/** Waits until the page has taken its first batch from the relay: from then on it sees every change. */
export async function waitForFeed(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => {
    const diagnostics = (globalThis as unknown as PageGlobals).__visualizer as { totals?: { batches?: number } } | undefined;
    return (diagnostics?.totals?.batches ?? 0) >= 1;
  }, undefined, { timeout, polling: 50 });
}
