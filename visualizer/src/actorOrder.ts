import type { ActorView } from './store.js';

/** An actor in the list, with its nesting depth under its parent. */
export interface ListedActor {
  readonly actor: ActorView;
  readonly depth: number;
}

/** A group of the list (the host's label, or `''` for actors without one). */
export interface ListedGroup {
  readonly group: string;
  readonly actors: readonly ListedActor[];
}

/**
 * The actor list's order: groups by label (unlabelled last), and in each group every root followed by its
 * children, depth first, in the order they registered; live actors before stopped ones at each level.
 */
export function orderActors(actors: Iterable<ActorView>): ListedGroup[] {
  const all = [...actors];
  const known = new Set(all.map((actor) => actor.info.id));
  const children = new Map<string, ActorView[]>();
  const roots: ActorView[] = [];
  for (const actor of all) {
    const parent = actor.info.parentId;
    if (parent !== null && known.has(parent)) children.set(parent, [...(children.get(parent) ?? []), actor]);
    else roots.push(actor);
  }
  const byLiveness = (a: ActorView, b: ActorView): number => Number(a.stoppedAt !== null) - Number(b.stoppedAt !== null) || a.info.registeredAt - b.info.registeredAt;
  const groups = new Map<string, ListedActor[]>();
  const visit = (actor: ActorView, depth: number, group: string): void => {
    groups.get(group)?.push({ actor, depth });
    for (const child of (children.get(actor.info.id) ?? []).sort(byLiveness)) visit(child, depth + 1, group);
  };
  for (const root of roots.sort(byLiveness)) {
    const group = root.info.group ?? '';
    if (!groups.has(group)) groups.set(group, []);
    visit(root, 0, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([group, listed]) => ({ group, actors: listed }));
}
