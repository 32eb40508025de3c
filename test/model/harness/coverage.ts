import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, StateValue } from 'xstate';

/** Every state node under `node` (not `node` itself). */
function descendants(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states).flatMap((child) => [child, ...descendants(child)]);
}

/** A stable name for a transition definition: its source, its event, its index among that event's branches. */
export function transitionKey(t: AnyTransitionDefinition): string {
  const eventType = String(t.eventType);
  const siblings = eventType === '' ? t.source.always ?? [] : t.source.transitions.get(eventType) ?? [];
  const index = siblings.indexOf(t);
  return `${t.source.id} ${eventType === '' ? '(always)' : eventType} #${index}`;
}

/**
 * State and transition coverage of one machine, measured against its definition: every state node, and every
 * transition branch (`on`, `always`, `after`, invoke `onDone` / `onError`, each guarded alternative apart).
 */
export class Coverage {
  private readonly states = new Map<string, boolean>();
  private readonly transitions = new Map<string, boolean>();

  constructor(readonly name: string, machine: AnyStateMachine) {
    for (const node of descendants(machine.root)) this.states.set(node.id, false);
    for (const node of [machine.root, ...descendants(machine.root)]) {
      for (const branches of node.transitions.values()) for (const t of branches) this.transitions.set(transitionKey(t), false);
      for (const t of node.always ?? []) this.transitions.set(transitionKey(t), false);
    }
  }

  /** Marks the states active in `value` (relative to the machine's root id). */
  visitValue(rootId: string, value: StateValue): void {
    const walk = (prefix: string, v: StateValue): void => {
      if (typeof v === 'string') {
        this.mark(this.states, `${prefix}.${v}`);
        return;
      }
      for (const [key, child] of Object.entries(v)) {
        this.mark(this.states, `${prefix}.${key}`);
        if (child !== undefined) walk(`${prefix}.${key}`, child);
      }
    };
    walk(rootId, value);
  }

  /** Marks the transitions taken, and their source states: a transient state (left by `always` in the same
   * microstep it was entered) never shows in a snapshot, but a transition taken from it proves it was active. */
  visitTransitions(taken: readonly AnyTransitionDefinition[]): void {
    for (const t of taken) {
      this.mark(this.transitions, transitionKey(t));
      if (this.states.has(t.source.id)) this.mark(this.states, t.source.id);
    }
  }

  private mark(map: Map<string, boolean>, key: string): void {
    if (!map.has(key)) throw new Error(`${this.name}: visited ${key}, which the definition does not have`);
    map.set(key, true);
  }

  get statesCovered(): number { return [...this.states.values()].filter(Boolean).length; }
  get statesTotal(): number { return this.states.size; }
  get transitionsCovered(): number { return [...this.transitions.values()].filter(Boolean).length; }
  get transitionsTotal(): number { return this.transitions.size; }

  /** What no replay reached. */
  missing(): string[] {
    const unvisited = (map: Map<string, boolean>) => [...map].filter(([, seen]) => !seen).map(([key]) => key);
    return [...unvisited(this.states).map((s) => `state ${s}`), ...unvisited(this.transitions).map((t) => `transition ${t}`)];
  }

  /** `<machine>: states covered X/Y, transitions covered A/B` */
  line(): string {
    return `${this.name}: states covered ${this.statesCovered}/${this.statesTotal}, transitions covered ${this.transitionsCovered}/${this.transitionsTotal}`;
  }
}
