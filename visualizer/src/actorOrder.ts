import type { ActorView, FoldedChildren } from './store.js';

/** An actor in the list, with its nesting depth under its parent. */
export interface ListedActor {
  readonly actor: ActorView;
  readonly depth: number;
}

/** One line for a parent's finished children of one kind (`probe ×37, last: done`). */
export interface ListedFold {
  readonly folded: FoldedChildren;
  readonly depth: number;
}

/** A group of the list (the host's label, or `''` for actors without one). */
export interface ListedGroup {
  readonly group: string;
  readonly actors: ReadonlyArray<ListedActor | ListedFold>;
}

/** The text of a fold line: `probe ×37, last: done`. */
export function foldText(folded: FoldedChildren): string {
  return `${folded.name} ×${folded.count}, last: ${folded.lastStatus}`;
}

/**
 * The actor list's order: groups by label (unlabelled last), and in each group every root followed by its
 * children, depth first, in the order they registered; live actors before stopped ones at each level. A
 * parent's finished children are not listed one by one: each kind (same name) is one line from `folded`, after
 * its live children, so a parent that starts a child every interval keeps a list of fixed length.
 */
export function orderActors(actors: Iterable<ActorView>, folded: ReadonlyMap<string, ReadonlyMap<string, FoldedChildren>> = new Map()): ListedGroup[] {
  const all = [...actors];
  const known = new Set(all.map((actor) => actor.info.id));
  const children = new Map<string, ActorView[]>();
  const roots: ActorView[] = [];
  for (const actor of all) {
    const parent = actor.info.parentId;
    if (parent !== null && known.has(parent)) {
      if (actor.stoppedAt === null) children.set(parent, [...(children.get(parent) ?? []), actor]);
    } else roots.push(actor);
  }
  const byLiveness = (a: ActorView, b: ActorView): number => Number(a.stoppedAt !== null) - Number(b.stoppedAt !== null) || a.info.registeredAt - b.info.registeredAt;
  const groups = new Map<string, Array<ListedActor | ListedFold>>();
  const visit = (actor: ActorView, depth: number, group: string): void => {
    const listed = groups.get(group);
    listed?.push({ actor, depth });
    for (const child of (children.get(actor.info.id) ?? []).sort(byLiveness)) visit(child, depth + 1, group);
    const kinds = [...(folded.get(actor.info.id)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const kind of kinds) listed?.push({ folded: kind, depth: depth + 1 });
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
