import safeStableStringify from 'safe-stable-stringify';
import { describe, expect, it } from 'vitest';
import { createMachine, not } from 'xstate';
import { circuitBreakerMachine } from '../../../machines/circuitBreaker.machine.js';
import { connectionMachine } from '../../../machines/connection.machine.js';
import { activeNodeIds } from '../../../src/inspect/chart/activeStates.js';
import { chartFromConfig } from '../../../src/inspect/chart/fromConfig.js';
import { chartFromStateNode } from '../../../src/inspect/chart/fromStateNode.js';
import { inferTransitions } from '../../../src/inspect/chart/inferTransitions.js';
import { eventLabel, guardLabel } from '../../../src/inspect/chart/labels.js';
import type { ChartNode } from '../../../src/inspect/protocol.js';

function find(node: ChartNode, id: string): ChartNode {
  if (node.id === id) return node;
  for (const child of node.children) {
    const found = findOrNull(child, id);
    if (found !== null) return found;
  }
  throw new Error(`no state ${id}`);
}

function findOrNull(node: ChartNode, id: string): ChartNode | null {
  try {
    return find(node, id);
  } catch {
    return null;
  }
}

/** Every state and transition of a chart as sorted lines, ids of transitions aside. */
function outline(node: ChartNode | null): string[] {
  if (node === null) return [];
  const lines = [`${node.id} ${node.kind} initial=${node.initial ?? '-'} invokes=${node.invokes.join(',')}`];
  for (const t of node.transitions) lines.push(`${node.id} --${t.event} [${t.guard ?? ''}]--> ${t.targets.join(',')} ${t.reenter ? 'reenter' : ''}`);
  return [...lines, ...node.children.flatMap(outline)].sort();
}

/** What @statelyai/inspect sends as `definition`: the config with functions as `{ type: name }`, depth-limited. */
function statelyDefinition(config: unknown, maximumDepth = 10): unknown {
  const stringify = safeStableStringify.configure({ maximumDepth });
  const text = stringify(config, (_key, value: unknown) => (typeof value === 'function' ? { type: value.name } : value));
  return JSON.parse(text ?? 'null');
}

describe('chartFromStateNode', () => {
  it('draws the breaker: four states, closed first, each transition with its event, guard and targets', () => {
    const { chart, transitionIds } = chartFromStateNode(circuitBreakerMachine.root);
    expect(chart.machineId).toBe('circuitBreaker');
    expect(chart.root).toMatchObject({ id: 'circuitBreaker', kind: 'compound', initial: 'circuitBreaker.closed' });
    expect(chart.root.children.map((child) => [child.key, child.kind])).toEqual([
      ['closed', 'atomic'], ['open', 'atomic'], ['halfOpen', 'atomic'], ['isolated', 'atomic'],
    ]);
    const closed = find(chart.root, 'circuitBreaker.closed');
    expect(closed.transitions.map((t) => [t.label, t.guard, t.targets])).toEqual([
      ['CALL.SUCCEEDED', null, []],
      ['CALL.FAILED', 'isThresholdReached', ['circuitBreaker.open']],
      ['CALL.FAILED', null, []],
      ['ISOLATE', null, ['circuitBreaker.isolated']],
      ['RESET', null, []],
      // Taken once at start when resuming a saved state (input.restored).
      ['always', 'wasSavedIsolated', ['circuitBreaker.isolated']],
      ['always', 'wasSavedOpenWithBreakLeft', ['circuitBreaker.open']],
      ['always', 'wasSavedBroken', ['circuitBreaker.halfOpen']],
    ]);
    const open = find(chart.root, 'circuitBreaker.open');
    expect(open.transitions.find((t) => t.label === 'after remainingBreak')).toMatchObject({
      event: 'xstate.after.remainingBreak.circuitBreaker.open', targets: ['circuitBreaker.halfOpen'],
    });
    expect(new Set(transitionIds.values()).size).toBe(transitionIds.size);
    expect(JSON.parse(JSON.stringify(chart))).toEqual(chart);
  });

  it('draws the connection as a parallel machine with nested compound states, invokes and eventless transitions', () => {
    const { chart } = chartFromStateNode(connectionMachine.root);
    expect(chart.root.kind).toBe('parallel');
    expect(chart.root.invokes).toEqual(['healthMonitor']);
    expect(chart.root.children.map((region) => region.key)).toEqual(['client', 'link']);
    const choosing = find(chart.root, 'connection.client.choosing');
    expect(choosing.transitions.map((t) => [t.label, t.guard, t.targets])).toEqual([
      ['always', 'isEnhancedPreferred', ['connection.client.enhanced']],
      ['always', null, ['connection.client.standard']],
    ]);
    expect(find(chart.root, 'connection.client.enhanced')).toMatchObject({ kind: 'compound', initial: 'connection.client.enhanced.active' });
    expect(find(chart.root, 'connection.link.recovering').invokes).toEqual(['recover']);
    const adopt = find(chart.root, 'connection.client.standard').transitions.find((t) => t.event === 'CLIENT.ADOPT');
    expect(adopt?.targets).toEqual(['connection.client.enhanced']);
  });
});

describe('chartFromConfig (a @statelyai/inspect definition)', () => {
  it('gives the chart of the machine itself (keys come sorted, so order aside)', () => {
    const fromConfig = chartFromConfig(statelyDefinition(circuitBreakerMachine.config));
    expect(fromConfig).not.toBeNull();
    expect(outline(fromConfig?.chart.root ?? null)).toEqual(outline(chartFromStateNode(circuitBreakerMachine.root).chart.root));
  });

  it('keeps the states of a config cut by the depth limit and drops what was cut', () => {
    const cut = chartFromConfig(statelyDefinition(connectionMachine.config, 6));
    expect(cut).not.toBeNull();
    expect(cut?.chart.root.kind).toBe('parallel');
    expect(findOrNull(cut?.chart.root ?? chartFromStateNode(connectionMachine.root).chart.root, 'connection.link.offline')).not.toBeNull();
  });

  it('is null for what is not a machine', () => {
    expect(chartFromConfig({ id: 'promise' })).toBeNull();
    expect(chartFromConfig('text')).toBeNull();
    expect(chartFromConfig(null)).toBeNull();
  });
});

describe('labels', () => {
  it('names guards, negations and combinations', () => {
    expect(guardLabel('isBreakOver')).toBe('isBreakOver');
    expect(guardLabel({ type: 'isAdopting', params: { client: 'standard' } })).toBe('isAdopting');
    expect(guardLabel(not('isDegraded'))).toBe('!isDegraded');
    expect(guardLabel(undefined)).toBeNull();
    expect(guardLabel(() => true)).toBe('guard');
  });

  it('reads XState event types as a person would', () => {
    expect(eventLabel('')).toBe('always');
    expect(eventLabel('xstate.after.remainingBreak.circuitBreaker.open')).toBe('after remainingBreak');
    expect(eventLabel('xstate.after.500.toggle.on')).toBe('after 500 ms');
    expect(eventLabel('xstate.done.actor.recover')).toBe('done: recover');
    expect(eventLabel('xstate.error.actor.probe')).toBe('error: probe');
    expect(eventLabel('CALL.FAILED')).toBe('CALL.FAILED');
  });
});

describe('active states and inferred transitions', () => {
  const { chart } = chartFromStateNode(connectionMachine.root);

  it('activates the root, each region and the nested states a parallel value names', () => {
    const ids = activeNodeIds(chart.root, { client: { enhanced: 'active' }, link: 'healthy' });
    expect([...ids].sort()).toEqual([
      'connection', 'connection.client', 'connection.client.enhanced', 'connection.client.enhanced.active',
      'connection.link', 'connection.link.healthy',
    ]);
    expect(activeNodeIds(chart.root, null).size).toBe(0);
    expect(activeNodeIds(chart.root, { nowhere: 'x' })).toEqual(new Set(['connection']));
  });

  it('guesses the transition whose targets became active, and an action-only one when the state stayed', () => {
    const toggle = chartFromStateNode(createMachine({
      id: 'toggle', initial: 'off',
      states: { off: { on: { FLIP: 'on', PING: {} } }, on: { on: { FLIP: 'off' } } },
    }).root).chart;
    const off = activeNodeIds(toggle.root, 'off');
    const on = activeNodeIds(toggle.root, 'on');
    expect(inferTransitions(toggle.root, off, on, 'FLIP')).toEqual(['toggle.off#0']);
    expect(inferTransitions(toggle.root, on, off, 'FLIP')).toEqual(['toggle.on#0']);
    expect(inferTransitions(toggle.root, off, off, 'PING')).toEqual(['toggle.off#1']);
    expect(inferTransitions(toggle.root, off, off, 'UNKNOWN')).toEqual([]);
  });
});
