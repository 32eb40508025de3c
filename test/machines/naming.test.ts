import { describe, expect, it } from 'vitest';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { circuitBreakerMachine } from '../../machines/circuitBreaker.machine.js';
import { connectionMachine } from '../../machines/connection.machine.js';
import { endpointSelectionMachine } from '../../machines/endpointSelection.machine.js';
import { healthMonitorMachine } from '../../machines/healthMonitor.machine.js';
import { retryMachine } from '../../machines/retry.machine.js';

const machines: Array<[string, AnyStateMachine]> = [
  ['circuitBreaker', circuitBreakerMachine],
  ['retry', retryMachine],
  ['connection', connectionMachine],
  ['healthMonitor', healthMonitorMachine],
  ['endpointSelection', endpointSelectionMachine],
];

function nodes(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states).flatMap((child) => [child, ...nodes(child)]);
}

describe.each(machines)('%s follows the naming conventions', (_name, machine) => {
  const all = [machine.root, ...nodes(machine.root)];

  it('names states in camelCase', () => {
    const bad = nodes(machine.root).map((n) => n.key).filter((key) => !/^[a-z][a-zA-Z0-9]*$/.test(key));
    expect(bad).toEqual([]);
  });

  it('names events UPPER_CASE with dot namespaces', () => {
    const types = all.flatMap((n) => [...n.transitions.keys()]).filter((t) => !t.startsWith('xstate.'));
    expect(types.filter((t) => !/^[A-Z][A-Z_]*(\.[A-Z][A-Z_]*)*$/.test(t))).toEqual([]);
  });

  it('uses only named delays (no number literals in `after`)', () => {
    const delays = all.flatMap((n) => n.after.map((t) => String(t.eventType).split('.')[2] ?? ''));
    expect(delays.filter((d) => !/^[a-z][a-zA-Z]*$/.test(d))).toEqual([]);
  });

  it('names guards as questions and actions as camelCase verbs', () => {
    const guards = Object.keys(machine.implementations.guards);
    expect(guards.filter((g) => !/^(is|has|can|was)[A-Z]/.test(g))).toEqual([]);
    const actions = Object.keys(machine.implementations.actions);
    expect(actions.filter((a) => !/^[a-z][a-zA-Z]*$/.test(a))).toEqual([]);
  });
});
