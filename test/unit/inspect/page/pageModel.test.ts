import elkBundled from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { circuitBreakerMachine } from '../../../../machines/circuitBreaker.machine.js';
import { connectionMachine } from '../../../../machines/connection.machine.js';
import { chartFromStateNode } from '../../../../src/inspect/chart/fromStateNode.js';
import type { ActorInfo, FeedBatch, FeedStats } from '../../../../src/inspect/protocol.js';
import { foldText, orderActors } from '../../../../visualizer/src/actorOrder.js';
import { CardAssigner } from '../../../../visualizer/src/cards.js';
import { layoutChart } from '../../../../visualizer/src/layout.js';
import { logMatcher, newestMatching } from '../../../../visualizer/src/logFilter.js';
import { VisualizerStore } from '../../../../visualizer/src/store.js';
import { linkStateOf, timelineModel } from '../../../../visualizer/src/timelineModel.js';
import { valueText } from '../../../../visualizer/src/valueText.js';

const stats: FeedStats = { received: 0, droppedEvents: 0, coalescedStates: 0, resyncs: 0, rejected: 0, liveActors: 0, inspectClients: 0 };

function actor(id: string, extra: Partial<ActorInfo> = {}): ActorInfo {
  return { id, name: 'circuitBreaker', definitionId: 'circuitBreaker#1', parentId: null, rootId: id, group: 'node-1', source: 'local', registeredAt: 1, ...extra };
}

function batch(fields: Partial<FeedBatch>): FeedBatch {
  return { type: 'batch', reset: false, definitions: {}, actors: [], states: [], events: [], health: [], contexts: [], stopped: [], stats, ...fields };
}

function state(actorId: string, seq: number, value: string) {
  return { actorId, seq, at: seq, value, status: 'active' as const, event: 'E', transitions: [] };
}

describe('page store', () => {
  it('keeps a trail of state changes, the latest context, health, and which actors changed', () => {
    const store = new VisualizerStore();
    store.apply(batch({ reset: true, actors: [actor('a')], states: [state('a', 1, 'closed')] }), 0);
    expect(store.takeChanges()).toMatchObject({ reset: true, membership: true });
    store.apply(batch({
      states: [state('a', 2, 'open'), state('a', 3, 'open'), state('a', 4, 'halfOpen')],
      contexts: [{ actorId: 'a', summary: '{"breakMs":2000}' }],
      health: [{ actorId: 'a', at: 5, ok: true, responseTimeMs: 3, error: null }],
      events: [{ seq: 5, at: 5, actorId: 'a', sourceId: null, type: 'CALL.FAILED', summary: '' }],
    }), 0);
    const view = store.actors.get('a');
    expect(view?.trail.map((entry) => entry.text)).toEqual(['closed', 'open', 'halfOpen']);
    expect(view?.context).toBe('{"breakMs":2000}');
    expect(view?.health).toHaveLength(1);
    const changes = store.takeChanges();
    expect([...changes.actors]).toEqual(['a']);
    expect(changes.events.map((event) => event.type)).toEqual(['CALL.FAILED']);
    expect(store.label('a')).toBe('node-1 / circuitBreaker');
  });

  it('marks stopped actors and forgets the oldest stopped past its limit; a reset starts over', () => {
    const store = new VisualizerStore({ stopped: 1 });
    store.apply(batch({ actors: [actor('a'), actor('b')] }), 0);
    store.apply(batch({ stopped: ['a'] }), 10);
    expect(store.actors.get('a')?.stoppedAt).toBe(10);
    store.apply(batch({ stopped: ['b'] }), 20);
    expect([...store.actors.keys()]).toEqual(['b']);
    store.apply(batch({ reset: true, actors: [actor('c')] }), 30);
    expect([...store.actors.keys()]).toEqual(['c']);
  });

  it("folds a parent's finished children into one line per kind, however many there were", () => {
    const store = new VisualizerStore({ stoppedChildren: 5 });
    const monitor = actor('m', { name: 'healthMonitor' });
    store.apply(batch({ reset: true, actors: [monitor] }), 0);
    for (let round = 1; round <= 37; round += 1) {
      const probe = actor(`p${round}`, { name: 'probe', parentId: 'm', definitionId: null, registeredAt: round });
      store.apply(batch({ actors: [probe], states: [{ ...state(probe.id, round, 'x'), value: null, status: round === 37 ? 'error' : 'done' }] }), round);
      if (round === 37) store.apply(batch({ actors: [actor('live', { name: 'probe', parentId: 'm', definitionId: null, registeredAt: 99 })] }), round);
      store.apply(batch({ stopped: [probe.id] }), round);
    }
    store.apply(batch({ actors: [actor('t', { name: 'timer', parentId: 'm', definitionId: null })], stopped: [] }), 40);
    store.apply(batch({ stopped: ['t'] }), 41);
    const listed = orderActors(store.actors.values(), store.folded).flatMap((group) => group.actors);
    expect(listed.map((entry) => ('actor' in entry ? `${entry.actor.info.id}@${entry.depth}` : `${foldText(entry.folded)}@${entry.depth}`))).toEqual([
      'm@0', 'live@1', 'probe ×37, last: error@1', 'timer ×1, last: stopped@1',
    ]);
    // The page keeps only the latest finished children themselves (the log names their events), not all 37.
    expect([...store.actors.values()].filter((view) => view.stoppedAt !== null)).toHaveLength(5);
    store.apply(batch({ reset: true, actors: [monitor] }), 50);
    expect(store.folded.size).toBe(0);
  });
});

describe('chart cards', () => {
  it('gives each live machine actor a card, hands a stopped actor’s card to its successor, and stops at the limit', () => {
    const cards = new CardAssigner(2);
    const live = new Set(['a', 'b']);
    const isLive = (id: string): boolean => live.has(id);
    expect(cards.place(actor('a'), isLive)?.id).toBe(1);
    expect(cards.place(actor('b'), isLive)?.id).toBe(2);
    expect(cards.place(actor('p', { definitionId: null }), isLive)).toBeUndefined();
    expect(cards.place(actor('c'), isLive)).toBeUndefined();
    live.delete('a');
    live.add('c');
    expect(cards.place(actor('c'), isLive)).toMatchObject({ id: 1, actorId: 'c' });
    expect(cards.show(actor('d', { definitionId: 'retry#2' }), isLive)).toBeUndefined();
    live.delete('b');
    expect(cards.show(actor('d', { definitionId: 'retry#2' }), isLive)).toMatchObject({ id: 2, actorId: 'd', definitionId: 'retry#2' });
  });
});

describe('event log filter and actor list order', () => {
  const events = [
    { seq: 1, at: 1, actorId: 'a', sourceId: null, type: 'xstate.init', summary: '' },
    { seq: 2, at: 2, actorId: 'a', sourceId: null, type: 'CALL.FAILED', summary: '' },
    { seq: 3, at: 3, actorId: 'b', sourceId: null, type: 'HEALTH.OK', summary: '' },
  ];
  const infos = new Map([['a', actor('a')], ['b', actor('b', { group: 'node-2' })]]);

  it('filters by actor, group, event type and internal events, newest first', () => {
    const match = (filter: Parameters<typeof logMatcher>[0]): number[] =>
      newestMatching(events, logMatcher(filter, (id) => infos.get(id)), 10).map((event) => event.seq);
    expect(match({ scope: '', type: '', hideInternal: false })).toEqual([3, 2, 1]);
    expect(match({ scope: 'actor:a', type: '', hideInternal: true })).toEqual([2]);
    expect(match({ scope: 'group:node-2', type: '', hideInternal: false })).toEqual([3]);
    expect(match({ scope: '', type: 'call', hideInternal: false })).toEqual([2]);
    expect(newestMatching(events, () => true, 2).map((event) => event.seq)).toEqual([3, 2]);
  });

  it('lists groups by label, children under their parent, live before stopped', () => {
    const view = (info: ActorInfo, stoppedAt: number | null = null) => ({ info, state: null, trail: [], context: null, health: [], stoppedAt });
    const groups = orderActors([
      view(actor('m', { name: 'connection', group: 'node-2' })),
      view(actor('h', { name: 'healthMonitor', group: 'node-2', parentId: 'm', registeredAt: 2 })),
      view(actor('old', { group: 'node-1' }), 5),
      view(actor('new', { group: 'node-1', registeredAt: 3 })),
      view(actor('x', { group: null })),
    ]);
    expect(groups.map((group) => [group.group, group.actors.map((listed) => `${'actor' in listed ? listed.actor.info.id : foldText(listed.folded)}@${listed.depth}`)])).toEqual([
      ['node-1', ['new@0', 'old@0']],
      ['node-2', ['m@0', 'h@1']],
      ['', ['x@0']],
    ]);
  });
});

describe('health timeline and state text', () => {
  it('places health checks in time and height, and bands of link state under them', () => {
    const trail = [
      { text: 'a', value: { link: 'healthy' }, event: 'x', at: 0 },
      { text: 'b', value: { link: 'degraded' }, event: 'x', at: 15_000 },
    ];
    const health = [
      { actorId: 'm', at: 0, ok: true, responseTimeMs: 10, error: null },
      { actorId: 'm', at: 30_000, ok: false, responseTimeMs: 100, error: 'timeout' },
    ];
    const model = timelineModel(health, trail, 30_000, 300, 60);
    expect(model.dots.map((dot) => [Math.round(dot.x), dot.ok])).toEqual([[0, true], [300, false]]);
    expect(model.dots[1]?.y).toBeLessThan(model.dots[0]?.y ?? 0);
    expect(model.bands.map((band) => [band.state, Math.round(band.x), Math.round(band.width)])).toEqual([['healthy', 0, 150], ['degraded', 150, 150]]);
    expect(linkStateOf('open', 'open')).toBe('open');
  });

  it('writes nested and parallel values as their leaf paths', () => {
    expect(valueText({ client: { enhanced: 'active' }, link: 'healthy' }, '-')).toBe('client.enhanced.active | link.healthy');
    expect(valueText(null, 'done')).toBe('done');
  });
});

describe('chart layout (elkjs)', () => {
  it('nests every state inside its parent and routes an arrow per target and per initial state', async () => {
    const { chart } = chartFromStateNode(connectionMachine.root);
    const layout = await layoutChart(chart, new elkBundled.default(), (text) => text.length * 7);
    const boxes = new Map(layout.boxes.map((box) => [box.id, box]));
    for (const box of layout.boxes) {
      const parentId = box.id.slice(0, box.id.lastIndexOf('.'));
      const parent = boxes.get(parentId);
      if (parent === undefined) continue;
      expect(box.x).toBeGreaterThanOrEqual(parent.x);
      expect(box.y).toBeGreaterThanOrEqual(parent.y);
      expect(box.x + box.width).toBeLessThanOrEqual(parent.x + parent.width + 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(parent.y + parent.height + 0.5);
    }
    expect(boxes.get('connection.link')?.region).toBe(true);
    expect(boxes.get('connection.link.healthy')?.region).toBe(false);
    expect(layout.boxes).toHaveLength(17); // the root, 2 regions, 14 states (link.resuming among them)
    const targets = chart.root.children.flatMap(function count(node): number[] {
      return [node.transitions.reduce((sum, t) => sum + t.targets.length, 0), ...node.children.flatMap(count)];
    }).reduce((sum, n) => sum + n, 0);
    const initials = layout.paths.filter((path) => path.transitionId.startsWith('initial:')).length;
    expect(layout.paths.length - initials).toBe(targets);
    expect(initials).toBe(layout.dots.length);
  });

  it('lists inside a state the transitions that only run actions', async () => {
    const layout = await layoutChart(chartFromStateNode(circuitBreakerMachine.root).chart, new elkBundled.default(), (text) => text.length * 7);
    expect(layout.boxes.find((box) => box.id === 'circuitBreaker.closed')?.lines.map((line) => line.text)).toEqual(['CALL.SUCCEEDED', 'CALL.FAILED', 'RESET']);
  });
});
