import type { FeedBatch } from '../../src/inspect/protocol.js';
import { ActorList } from './actorList.js';
import { CardAssigner } from './cards.js';
import { CardView } from './cardView.js';
import { byId } from './dom.js';
import { EventLog } from './eventLog.js';
import { connectFeed } from './feed.js';
import { LayoutService } from './layoutService.js';
import { VisualizerStore } from './store.js';

/** Counters the page keeps about itself; read from devtools or a test as `window.__visualizer`. */
interface Diagnostics {
  readonly totals: VisualizerStore['totals'];
  frames: number;
  /** The longest render of a frame, ms. */
  maxRenderMs: number;
  /** The longest main-thread task the browser reported, ms (0 when none over 50 ms). */
  maxLongTaskMs: number;
  longTasks: number;
  /** The relay's counters as of the last batch. */
  relay: FeedBatch['stats'] | null;
}

declare global {
  interface Window {
    __visualizer?: Diagnostics;
  }
}

const LIST_REFRESH_MS = 250;
const TIMELINE_REFRESH_MS = 2000;

const store = new VisualizerStore();
const layouts = new LayoutService();
const assigner = new CardAssigner();
const cards = new Map<number, CardView>();
const cardsElement = byId('cards');
const statsElement = byId('stats');
const statusElement = byId('feed-status');
const log = new EventLog(store);
byId('log').append(log.element);
const diagnostics: Diagnostics = { totals: store.totals, frames: 0, maxRenderMs: 0, maxLongTaskMs: 0, longTasks: 0, relay: null };
window.__visualizer = diagnostics;

const isLive = (actorId: string): boolean => store.actors.get(actorId)?.stoppedAt === null;

function showInCard(actorId: string, force: boolean): void {
  const actor = store.actors.get(actorId);
  if (actor === undefined || actor.info.definitionId === null) return;
  const definition = store.definitions.get(actor.info.definitionId);
  if (definition === undefined) return;
  const slot = force ? assigner.show(actor.info, isLive) : assigner.place(actor.info, isLive);
  if (slot === undefined) return;
  let card = cards.get(slot.id);
  if (card === undefined) {
    card = new CardView(slot, layouts);
    cards.set(slot.id, card);
    cardsElement.append(card.element);
  }
  card.show(actor, actor.info.definitionId, definition);
  if (force) card.element.scrollIntoView({ block: 'nearest' });
}

const list = new ActorList(byId('actors'), store, (actorId) => {
  showInCard(actorId, true);
  log.setScope(`actor:${actorId}`);
});

function updateCard(actorId: string, now: number): void {
  const slot = assigner.cardOf(actorId);
  const actor = store.actors.get(actorId);
  const definitionId = actor?.info.definitionId;
  if (slot === undefined || definitionId === null || definitionId === undefined) return;
  const definition = store.definitions.get(definitionId);
  if (definition !== undefined) cards.get(slot.id)?.update(definition, now);
}

let listDirty = false;
let lastListAt = 0;
let lastTimelineAt = 0;
let lastStatsAt = 0;
let frameRequested = false;
let eventsAtLastStats = 0;

function updateStats(now: number): void {
  const rate = ((store.totals.events - eventsAtLastStats) * 1000) / Math.max(1, now - lastStatsAt);
  eventsAtLastStats = store.totals.events;
  lastStatsAt = now;
  const relay = store.stats;
  const parts = [
    `${store.totals.events.toLocaleString('en')} events`,
    `${Math.round(rate).toLocaleString('en')}/s`,
    `${relay?.liveActors ?? 0} live actors`,
  ];
  if (relay !== null && relay.inspectClients > 0) parts.push(`${relay.inspectClients} WebSocket client(s)`);
  if (relay !== null && relay.droppedEvents + relay.coalescedStates + relay.resyncs > 0) {
    parts.push(`behind: ${relay.droppedEvents} events dropped, ${relay.coalescedStates} states folded, ${relay.resyncs} resyncs`);
  }
  statsElement.textContent = parts.join(' · ');
}

function render(): void {
  frameRequested = false;
  const started = performance.now();
  const now = Date.now();
  const changes = store.takeChanges();
  if (changes.reset) {
    assigner.clear();
    cards.clear();
    cardsElement.replaceChildren();
    log.setFilter({ scope: '', type: '', hideInternal: false });
  }
  if (changes.membership) {
    for (const actor of store.actors.values()) if (actor.stoppedAt === null && assigner.cardOf(actor.info.id) === undefined) showInCard(actor.info.id, false);
    listDirty = true;
  }
  for (const actorId of changes.actors) {
    updateCard(actorId, now);
    list.updateActor(actorId);
  }
  // After a reset the filter's rebuild above already drew the events that came with it.
  if (!changes.reset && changes.events.length > 0) log.append(changes.events);
  if (listDirty && started - lastListAt >= LIST_REFRESH_MS) {
    listDirty = false;
    lastListAt = started;
    list.rebuild();
    log.refreshScopes();
  }
  if (started - lastTimelineAt >= TIMELINE_REFRESH_MS) {
    lastTimelineAt = started;
    for (const slot of assigner.cards) updateCard(slot.actorId, now);
  }
  if (started - lastStatsAt >= 500) updateStats(started);
  diagnostics.frames += 1;
  diagnostics.maxRenderMs = Math.max(diagnostics.maxRenderMs, performance.now() - started);
  // A list refresh put off by its throttle still needs a frame later.
  if (listDirty) requestFrame();
}

function requestFrame(): void {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(render);
}

// Batches arrive up to 20 times a second; they only update the store, and the page redraws once per frame.
connectFeed(
  (batch) => {
    store.apply(batch, Date.now());
    diagnostics.relay = batch.stats;
    requestFrame();
  },
  (status) => {
    statusElement.dataset.status = status;
    statusElement.textContent = status;
  },
);
setInterval(requestFrame, TIMELINE_REFRESH_MS);

if (typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes.includes('longtask')) {
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      diagnostics.longTasks += 1;
      diagnostics.maxLongTaskMs = Math.max(diagnostics.maxLongTaskMs, entry.duration);
    }
  }).observe({ type: 'longtask' });
}
