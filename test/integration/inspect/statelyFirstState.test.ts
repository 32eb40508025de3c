import { createWebSocketInspector } from '@statelyai/inspect';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createActor, createMachine } from 'xstate';
import { startInspector } from '../../../src/inspect/index.js';
import type { FeedBatch, RunningInspector } from '../../../src/inspect/index.js';
import { VisualizerStore } from '../../../visualizer/src/store.js';

const toggleMachine = createMachine({
  id: 'toggle', initial: 'off',
  states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off', LOCK: 'locked' } }, locked: {} },
});

let inspector: RunningInspector | undefined;
afterEach(async () => {
  await inspector?.close();
  inspector = undefined;
});

/** The page's feed, applied to the page's own store as it arrives. */
async function openPageStore(url: string): Promise<{ store: VisualizerStore; batches: FeedBatch[]; socket: WebSocket; next: () => Promise<void> }> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}feed`);
  const store = new VisualizerStore();
  const batches: FeedBatch[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (data: Buffer) => {
    const batch = JSON.parse(data.toString('utf8')) as FeedBatch;
    batches.push(batch);
    store.apply(batch, Date.now());
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  return { store, batches, socket, next };
}

describe('a @statelyai/inspect client that sends events right after start()', () => {
  it("shows the actor's first state as the actor reported it, not the late registration snapshot", async () => {
    inspector = await startInspector({ flushIntervalMs: 5 });
    const page = await openPageStore(inspector.url);
    while (page.batches.length === 0) await page.next();

    const client = createWebSocketInspector({ url: `${inspector.inspectUrl}?group=race` });
    // The client sends the registration a tick later and reads the snapshot then: by that time both events were
    // taken, so the registration says `locked`, a state the actor was in only at the end.
    const toggle = createActor(toggleMachine, { inspect: client.inspect }).start();
    toggle.send({ type: 'FLIP' });
    toggle.send({ type: 'LOCK' });
    expect(toggle.getSnapshot().value).toBe('locked');

    const trailOf = (): string[] => [...page.store.actors.values()].find((actor) => actor.info.name === 'toggle')?.trail.map((entry) => entry.text) ?? [];
    const reportedLock = (): boolean => page.batches.some((batch) => batch.states.some((state) => state.event === 'LOCK'));
    while (!reportedLock()) await page.next();

    expect(trailOf()).toEqual(['off', 'on', 'locked']);
    const states = page.batches.flatMap((batch) => batch.states);
    // The registration's snapshot came first, marked as a stand-in; the actor's own first state took its place.
    expect(states.map((state) => [state.value, state.event, state.provisional ?? false])).toEqual([
      ['locked', 'xstate.init', true],
      ['off', 'xstate.init', false],
      ['on', 'FLIP', false],
      ['locked', 'LOCK', false],
    ]);
    // Nothing was taken out of the stand-in: the first real state has no transition, the next ones theirs.
    expect(states.slice(1).map((state) => state.transitions)).toEqual([[], ['toggle.off#0'], ['toggle.on#1']]);

    // A page that connects now is told the current state only, not the stand-in.
    const late = await openPageStore(inspector.url);
    while (late.batches.length === 0) await late.next();
    expect(late.batches[0]?.states).toMatchObject([{ value: 'locked', event: 'LOCK' }]);
    expect(late.batches[0]?.states[0]?.provisional).toBeUndefined();

    toggle.stop();
    client.stop();
    page.socket.close();
    late.socket.close();
  });

  it('keeps the registration snapshot for an actor that reports no state of its own', async () => {
    inspector = await startInspector({ flushIntervalMs: 5 });
    const page = await openPageStore(inspector.url);
    while (page.batches.length === 0) await page.next();
    const app = new WebSocket(inspector.inspectUrl);
    await new Promise((resolve) => app.once('open', resolve));
    app.send(JSON.stringify({ type: '@xstate.actor', sessionId: 'manual:1', name: 'toggle', definition: JSON.stringify(toggleMachine.config), snapshot: { status: 'active', value: 'on' } }));
    while (!page.batches.some((batch) => batch.states.length > 0)) await page.next();
    expect([...page.store.actors.values()].map((actor) => actor.state?.value)).toEqual(['on']);
    app.close();
    page.socket.close();
  });
});
