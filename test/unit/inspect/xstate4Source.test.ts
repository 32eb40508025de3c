import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chartFromXState4, eventFromXState4 } from '../../../src/inspect/chart/fromXState4.js';
import { FeedQueue } from '../../../src/inspect/FeedQueue.js';
import type { ChartNode, FeedBatch } from '../../../src/inspect/protocol.js';
import { RelayHub } from '../../../src/inspect/RelayHub.js';
import { XState4Connection } from '../../../src/inspect/xstate4Source.js';

/**
 * What test/fixtures/xstate4-app (xstate 4.38.3, @xstate/inspect 0.8.0) sent an inspector that said
 * `xstate.inspecting`, then `send job START`, `DOWNLOADED`, `FAIL`, `RETRY`, `send light TOGGLE`, `stop light`, and
 * the end of its input. Recorded once from the real app, so these tests need no XState 4 installed.
 */
const trace = JSON.parse(readFileSync(new URL('./xstate4Trace.json', import.meta.url), 'utf8')) as string[];
const register = (name: string): { machine: string } => {
  const frame = trace.find((text) => text.includes('service.register') && text.includes(`\\"id\\":\\"${name}\\"`));
  if (frame === undefined) throw new Error(`no registration of ${name} in the trace`);
  return JSON.parse(frame) as { machine: string };
};

function nodes(node: ChartNode): ChartNode[] {
  return [node, ...node.children.flatMap(nodes)];
}

function take(queue: FeedQueue, hub: RelayHub): FeedBatch {
  const batch = queue.take(hub);
  if (batch === null) throw new Error('expected a batch');
  return batch;
}

describe('XState v4 charts', () => {
  it("reads a v4 machine's definition: states, kinds, initial states, guards, timers and done transitions", () => {
    const chart = chartFromXState4(JSON.parse(register('job').machine))?.chart;
    expect(chart?.machineId).toBe('job');
    const all = nodes(chart?.root ?? { children: [] } as unknown as ChartNode);
    expect(all.map((node) => [node.id, node.kind])).toEqual([
      ['job', 'compound'], ['job.idle', 'atomic'], ['job.running', 'compound'], ['job.running.downloading', 'atomic'],
      ['job.running.processing', 'atomic'], ['job.running.done', 'final'], ['job.failed', 'atomic'], ['job.finished', 'final'],
    ]);
    expect(chart?.root.initial).toBe('job.idle');
    const transitions = all.flatMap((node) => node.transitions.map((transition) => [transition.event, transition.label, transition.guard, transition.targets]));
    expect(transitions).toEqual(expect.arrayContaining([
      ['START', 'START', null, ['job.running']],
      ['RETRY', 'RETRY', 'canRetry', ['job.running']],
      ['xstate.after.60000.job.failed', 'after 60000 ms', null, ['job.idle']],
      ['xstate.done.state.job.running', 'done', null, ['job.finished']],
    ]));

    const light = chartFromXState4(JSON.parse(register('light').machine))?.chart;
    expect(light?.root.kind).toBe('parallel');
    expect(light?.root.children.map((region) => [region.id, region.initial])).toEqual([['light.power', 'light.power.off'], ['light.colour', 'light.colour.white']]);
  });

  it('names v4 events as v5 does, and reads nothing that is not a machine', () => {
    expect(eventFromXState4('xstate.after(1000)#m.a')).toBe('xstate.after.1000.m.a');
    expect(eventFromXState4('done.invoke.fetch')).toBe('xstate.done.actor.fetch');
    expect(eventFromXState4('error.platform.fetch')).toBe('xstate.error.actor.fetch');
    expect(eventFromXState4('done.state.m.a')).toBe('xstate.done.state.m.a');
    expect(eventFromXState4('GO')).toBe('GO');
    expect(chartFromXState4({ id: 'x' })).toBeNull();
    expect(chartFromXState4('nonsense')).toBeNull();
  });

  it('turns invoked services and their done and error transitions into invokes', () => {
    const chart = chartFromXState4({
      id: 'loader', initial: 'loading',
      states: {
        loading: {
          id: 'loader.loading', invoke: [{ id: 'fetch', src: { type: 'fetch' } }],
          on: { 'done.invoke.fetch': [{ target: ['#loader.ok'] }], 'error.platform.fetch': [{ target: ['#loader.failed'] }], '': [{ target: ['#loader.ok'], cond: { type: 'xstate.guard', name: 'cached' } }] },
        },
        ok: { id: 'loader.ok' },
        failed: { id: 'loader.failed' },
      },
    })?.chart;
    const loading = chart?.root.children[0];
    expect(loading?.invokes).toEqual(['fetch']);
    expect(loading?.transitions.map((transition) => [transition.label, transition.guard, transition.targets])).toEqual(expect.arrayContaining([
      ['done: fetch', null, ['loader.ok']], ['error: fetch', null, ['loader.failed']], ['always', 'cached', ['loader.ok']],
    ]));
  });
});

describe('XState v4 inspection messages', () => {
  it("shows an @xstate/inspect server's services: charts, states with the transitions taken, events, stops", () => {
    const hub = new RelayHub();
    const page = new FeedQueue();
    hub.attach(page);
    take(page, hub);
    const connection = new XState4Connection(hub, 'v4-1:', 'xstate4 app');
    for (const frame of trace) connection.receive(frame);
    connection.receive('{"type":"service.nonsense"}');
    connection.receive('not json');

    const batch = take(page, hub);
    expect(batch.actors.map((actor) => [actor.id, actor.name, actor.group, actor.source])).toEqual([
      ['v4-1:x:1', 'job', 'xstate4 app', 'xstate4'], ['v4-1:x:2', 'light', 'xstate4 app', 'xstate4'],
    ]);
    expect(Object.values(batch.definitions).map((definition) => definition.machineId).sort()).toEqual(['job', 'light']);
    const job = batch.states.filter((state) => state.actorId === 'v4-1:x:1');
    expect(job.map((state) => [state.value, state.event, state.transitions])).toEqual([
      ['idle', 'xstate.init', []],
      [{ running: 'downloading' }, 'START', ['job.idle#0']],
      [{ running: 'processing' }, 'DOWNLOADED', ['job.running.downloading#0']],
      ['failed', 'FAIL', ['job.running#0']],
      [{ running: 'downloading' }, 'RETRY', ['job.failed#0']],
    ]);
    expect(batch.states.filter((state) => state.actorId === 'v4-1:x:2').map((state) => state.value)).toEqual([
      { power: 'off', colour: 'white' }, { power: 'on', colour: 'white' },
    ]);
    expect(batch.events.filter((event) => event.actorId === 'v4-1:x:1').map((event) => event.type)).toEqual(['START', 'DOWNLOADED', 'FAIL', 'RETRY']);
    expect(batch.stopped).toEqual(['v4-1:x:2', 'v4-1:x:1']);
    expect(batch.stats.rejected).toBe(2);
  });

  it('takes a second registration of a live service (another inspector connected) as its current state', () => {
    const hub = new RelayHub();
    const connection = new XState4Connection(hub, 'v4-1:', null);
    const first = trace[0] ?? '';
    connection.receive(first);
    const again = JSON.parse(first) as { state: string };
    const state = JSON.parse(again.state) as Record<string, unknown>;
    connection.receive(JSON.stringify({ ...again, state: JSON.stringify({ ...state, value: 'failed', event: { type: 'FAIL' } }) }));
    const page = new FeedQueue();
    hub.attach(page);
    expect(take(page, hub)).toMatchObject({ actors: [{ id: 'v4-1:x:1' }], states: [{ value: 'failed', event: 'FAIL' }] });
  });
});
