import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';
import type { ChartDefinition, ChartNode, ChartTransition } from '../protocol.js';
import { eventLabel, guardLabel } from './labels.js';

/** A chart, and the id of each of the machine's own transition objects (to name the transitions taken). */
export interface ChartOfMachine {
  readonly chart: ChartDefinition;
  readonly transitionIds: ReadonlyMap<AnyTransitionDefinition, string>;
}

function kindOf(node: AnyStateNode): ChartNode['kind'] {
  switch (node.type) {
    case 'parallel': return 'parallel';
    case 'final': return 'final';
    case 'history': return 'history';
    default: return Object.keys(node.states).length > 0 ? 'compound' : 'atomic';
  }
}

function transitionsOf(node: AnyStateNode): AnyTransitionDefinition[] {
  const all: AnyTransitionDefinition[] = [];
  for (const list of node.transitions.values()) all.push(...list);
  all.push(...(node.always ?? []));
  return all;
}

function convert(node: AnyStateNode, ids: Map<AnyTransitionDefinition, string>): ChartNode {
  const transitions: ChartTransition[] = transitionsOf(node).map((transition, index) => {
    const id = `${node.id}#${index}`;
    const event = String(transition.eventType);
    ids.set(transition, id);
    return {
      id,
      event,
      label: eventLabel(event),
      guard: guardLabel(transition.guard),
      targets: (transition.target ?? []).map((target) => target.id),
      reenter: transition.reenter,
    };
  });
  const children = Object.values(node.states).map((child) => convert(child, ids));
  const initial = node.type === 'compound' && children.length > 0 ? (node.initial.target[0]?.id ?? null) : null;
  return {
    id: node.id,
    key: node.key,
    kind: kindOf(node),
    initial,
    children,
    transitions,
    invokes: node.invoke.map((invoke) => invoke.id),
  };
}

/**
 * The chart of a machine from its root state node (`machine.root`): every state with its kind (compound,
 * parallel, final, history), the initial child, each transition with its event, guard and targets, the
 * invoked actors. Plain JSON; the page lays it out and draws it.
 */
export function chartFromStateNode(root: AnyStateNode): ChartOfMachine {
  const transitionIds = new Map<AnyTransitionDefinition, string>();
  const chart: ChartDefinition = { machineId: root.machine.id, root: convert(root, transitionIds) };
  return { chart, transitionIds };
}
