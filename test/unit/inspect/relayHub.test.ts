import { describe, expect, it, vi } from 'vitest';
import { createActor, createMachine, fromPromise, setup } from 'xstate';
import { createInspector } from '@statelyai/inspect';
import { circuitBreakerMachine } from '../../../machines/circuitBreaker.machine.js';
import { breakerSettingsFrom } from '../../../machines/settings.js';
import { parseConnectionOptions } from '../../../src/config/parseConnectionOptions.js';
import { FeedQueue } from '../../../src/inspect/FeedQueue.js';
import { createLocalInspect } from '../../../src/inspect/localSource.js';
import type { FeedBatch } from '../../../src/inspect/protocol.js';
import { RelayHub } from '../../../src/inspect/RelayHub.js';
import { StatelyConnection } from '../../../src/inspect/statelySource.js';

const settings = breakerSettingsFrom(parseConnectionOptions({ circuitBreakerFailureThreshold: 1, circuitBreakerMinimumThroughput: 1 }));
const failure = { kind: 'server' as const, transient: true, status: 503, message: 'down' };

function take(queue: FeedQueue, hub: RelayHub): FeedBatch {
  const batch = queue.take(hub);
  if (batch === null) throw new Error('expected a batch');
  return batch;
}

describe('relay: in-process actors', () => {
  it('reports a breaker registered with its chart, each state with the exact transition taken, and its stop', () => {
    const hub = new RelayHub();
    const page = new FeedQueue();
    hub.attach(page);
    expect(take(page, hub)).toMatchObject({ reset: true, actors: [], states: [] });

    const breaker = createActor(circuitBreakerMachine, { input: settings, inspect: createLocalInspect(hub, 'node-1') }).start();
    breaker.send({ type: 'CALL.FAILED', at: 1, failure });
    breaker.send({ type: 'RESET', at: 2 });
    const batch = take(page, hub);
    expect(batch.reset).toBe(false);
    expect(batch.actors).toMatchObject([{ name: 'circuitBreaker', group: 'node-1', source: 'local', parentId: null }]);
    const definitionId = batch.actors[0]?.definitionId ?? '';
    expect(batch.definitions[definitionId]?.machineId).toBe('circuitBreaker');
    expect(batch.states.map((state) => [state.value, state.event, state.transitions])).toEqual([
      ['closed', 'xstate.init', []],
      ['open', 'CALL.FAILED', ['circuitBreaker.closed#1']],
      ['closed', 'RESET', ['circuitBreaker.open#4']],
    ]);
    expect(batch.events.map((event) => event.type)).toEqual(['xstate.init', 'CALL.FAILED', 'RESET']);
    expect(batch.events[1]?.summary).toContain('"status":503');
    expect(batch.contexts).toHaveLength(1);

    breaker.stop();
    const stopped = take(page, hub);
    expect(stopped.states.at(-1)).toMatchObject({ status: 'stopped' });
    expect(stopped.stopped).toEqual([batch.actors[0]?.id]);
    expect(stopped.stats.liveActors).toBe(0);
  });

  it('gives a page that connects late the current state of each live actor, not their past', () => {
    const hub = new RelayHub();
    const breaker = createActor(circuitBreakerMachine, { input: settings, inspect: createLocalInspect(hub, null) }).start();
    breaker.send({ type: 'CALL.FAILED', at: 1, failure });
    const late = new FeedQueue();
    hub.attach(late);
    const batch = take(late, hub);
    expect(batch.reset).toBe(true);
    expect(batch.states.map((state) => state.value)).toEqual(['open']);
    expect(Object.values(batch.definitions)).toHaveLength(1);
    expect(late.take(hub)).toBeNull();
  });

  it('never brings a stopped actor back when events reach it afterwards', () => {
    const hub = new RelayHub();
    const inspect = createLocalInspect(hub, null);
    const breaker = createActor(circuitBreakerMachine, { input: settings, inspect }).start();
    breaker.stop();
    breaker.send({ type: 'RESET', at: 3 });
    expect(hub.stats().liveActors).toBe(0);
  });

  it('keeps each manager its health points from HEALTH.OK / HEALTH.FAILED events', () => {
    const hub = new RelayHub();
    const page = new FeedQueue();
    hub.attach(page);
    take(page, hub);
    const manager = createActor(createMachine({ id: 'connection', on: { 'HEALTH.OK': {}, 'HEALTH.FAILED': {} } }), { inspect: createLocalInspect(hub, 'node-2') }).start();
    manager.send({ type: 'HEALTH.OK', at: 10, result: { isHealthy: true, responseTimeMs: 12, at: 10 } });
    manager.send({ type: 'HEALTH.FAILED', at: 20, result: { isHealthy: false, responseTimeMs: 5000, at: 20, lastError: 'token=abc123 timed out' } });
    const batch = take(page, hub);
    expect(batch.health).toEqual([
      { actorId: batch.actors[0]?.id, at: 10, ok: true, responseTimeMs: 12, error: null },
      { actorId: batch.actors[0]?.id, at: 20, ok: false, responseTimeMs: 5000, error: 'token=[REDACTED] timed out' },
    ]);
  });

  it('lists invoked promise actors as children without a chart, and reports when they are done', async () => {
    const hub = new RelayHub();
    const page = new FeedQueue();
    hub.attach(page);
    take(page, hub);
    const machine = setup({ actors: { recover: fromPromise(() => Promise.resolve('ok')) } }).createMachine({
      id: 'host', initial: 'recovering',
      states: { recovering: { invoke: { id: 'recover', src: 'recover', onDone: 'done' } }, done: {} },
    });
    const host = createActor(machine, { inspect: createLocalInspect(hub, null) }).start();
    await vi.waitFor(() => expect(host.getSnapshot().value).toBe('done'));
    const batch = take(page, hub);
    const child = batch.actors.find((actor) => actor.name === 'recover');
    expect(child).toMatchObject({ definitionId: null, parentId: batch.actors[0]?.id });
    expect(batch.stopped).toContain(child?.id);
  });
});

describe('relay: a page that falls behind', () => {
  function busyHub(): { hub: RelayHub; send: (count: number) => void } {
    const hub = new RelayHub();
    const toggle = createActor(createMachine({ id: 'toggle', initial: 'a', states: { a: { on: { T: 'b' } }, b: { on: { T: 'a' } } } }), {
      inspect: createLocalInspect(hub, null),
    }).start();
    return { hub, send: (count) => { for (let i = 0; i < count; i += 1) toggle.send({ type: 'T' }); } };
  }

  it('drops the oldest events past its limit and counts them', () => {
    const { hub, send } = busyHub();
    const page = new FeedQueue({ maxEvents: 10, maxStates: 1000 });
    hub.attach(page);
    take(page, hub);
    send(25);
    const batch = take(page, hub);
    expect(batch.events).toHaveLength(10);
    expect(batch.events.at(-1)?.seq).toBeGreaterThan(batch.events[0]?.seq ?? Infinity);
    expect(batch.stats.droppedEvents).toBe(15);
  });

  it('folds states into the latest of each actor past its limit, keeping the final value', () => {
    const { hub, send } = busyHub();
    const page = new FeedQueue({ maxEvents: 1000, maxStates: 8 });
    hub.attach(page);
    take(page, hub);
    send(9);
    const batch = take(page, hub);
    expect(batch.states.at(-1)?.value).toBe('b');
    expect(batch.states.length).toBeLessThanOrEqual(8);
    expect(batch.stats.coalescedStates).toBeGreaterThan(0);
  });

  it('starts the page over from the current state when registrations pile up', () => {
    const hub = new RelayHub();
    const page = new FeedQueue({ maxOthers: 3 });
    hub.attach(page);
    take(page, hub);
    const actors = Array.from({ length: 5 }, () => createActor(createMachine({ id: 'idle' }), { inspect: createLocalInspect(hub, null) }).start());
    const batch = take(page, hub);
    expect(batch.reset).toBe(true);
    expect(batch.actors).toHaveLength(5);
    expect(batch.stats.resyncs).toBe(1);
    for (const actor of actors) actor.stop();
  });
});

describe('relay: @statelyai/inspect clients', () => {
  it('reads actor, event and snapshot messages, infers the transitions, and stops the actors when the client leaves', async () => {
    const hub = new RelayHub();
    const page = new FeedQueue();
    hub.attach(page);
    take(page, hub);
    const connection = new StatelyConnection(hub, 'ws1:', 'app');
    const inspector = createInspector({ send: (event) => connection.receive(JSON.stringify(event)), start: () => undefined, stop: () => undefined });
    const toggle = createActor(createMachine({ id: 'toggle', initial: 'off', states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off' } } } }), {
      inspect: inspector.inspect,
    }).start();
    toggle.send({ type: 'FLIP' });
    let batch: FeedBatch | null = null;
    await vi.waitFor(() => {
      batch = page.take(hub) ?? batch;
      expect(batch?.states.at(-1)?.value).toBe('on');
    });
    const seen = batch as unknown as FeedBatch;
    expect(seen.actors).toMatchObject([{ id: `ws1:${toggle.sessionId}`, name: 'toggle', group: 'app', source: 'websocket' }]);
    expect(seen.states.at(-1)).toMatchObject({ event: 'FLIP', transitions: ['toggle.off#0'] });

    connection.receive('not json');
    connection.receive(JSON.stringify({ type: '@xstate.snapshot' }));
    expect(hub.stats().rejected).toBe(2);
    connection.close();
    expect(take(page, hub).stopped).toEqual([`ws1:${toggle.sessionId}`]);
    toggle.stop();
  });
});
