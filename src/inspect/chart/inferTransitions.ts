import type { ChartNode, ChartTransition } from '../protocol.js';

function collect(node: ChartNode, into: ChartTransition[][]): void {
  into.push([...node.transitions]);
  for (const child of node.children) collect(child, into);
}

/**
 * The transitions most likely taken when `event` moved a machine from the `before` to the `after` active
 * states, for actors whose inspection events do not say (WebSocket clients send snapshots, not transitions).
 * Per active source state: the first transition on that event whose targets are all active afterwards, else
 * (the source still active) the first that only runs actions. Guards are not known here, so this is a guess
 * that is right whenever the event and the states tell the transitions apart.
 */
export function inferTransitions(root: ChartNode, before: ReadonlySet<string>, after: ReadonlySet<string>, event: string): string[] {
  const perSource: ChartTransition[][] = [];
  collect(root, perSource);
  const taken: string[] = [];
  for (const transitions of perSource) {
    const candidates = transitions.filter((transition) => transition.event === event);
    const source = candidates[0]?.id.slice(0, candidates[0].id.lastIndexOf('#'));
    if (source === undefined || !before.has(source)) continue;
    const moved = candidates.find((transition) => transition.targets.length > 0 && transition.targets.every((target) => after.has(target)));
    const stayed = after.has(source) ? candidates.find((transition) => transition.targets.length === 0) : undefined;
    const chosen = moved ?? stayed;
    if (chosen !== undefined) taken.push(chosen.id);
  }
  return taken;
}
