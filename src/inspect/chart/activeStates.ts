import type { ChartNode, StateValueJson } from '../protocol.js';

function visit(node: ChartNode, value: StateValueJson, ids: Set<string>): void {
  if (typeof value === 'string') {
    const child = node.children.find((candidate) => candidate.key === value);
    if (child !== undefined) ids.add(child.id);
    return;
  }
  for (const [key, sub] of Object.entries(value)) {
    const child = node.children.find((candidate) => candidate.key === key);
    if (child === undefined) continue;
    ids.add(child.id);
    visit(child, sub, ids);
  }
}

/**
 * The ids of the state nodes that a state value makes active, the root included: `{ link: 'healthy' }` gives
 * the root, `connection.link` and `connection.link.healthy`. Walks the chart by keys, so custom state ids work.
 * Keys the chart does not know are skipped. Empty for a null value (an actor that is not a machine).
 */
export function activeNodeIds(root: ChartNode, value: StateValueJson | null): Set<string> {
  const ids = new Set<string>();
  if (value === null) return ids;
  ids.add(root.id);
  visit(root, value, ids);
  return ids;
}
