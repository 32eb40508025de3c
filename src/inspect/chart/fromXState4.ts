import type { ChartOfMachine } from './fromStateNode.js';
import { chartFromConfig } from './fromConfig.js';

/** A v4 transition as `StateNode.definition` writes it (`target` as `#id`s, the guard as `cond`). */
interface V4Transition {
  readonly target?: readonly string[] | null;
  readonly cond?: { readonly type?: string; readonly name?: string } | null;
  readonly internal?: boolean;
  readonly source?: string;
}

/** A v4 state node as `machine.definition` serialises it (what `@xstate/inspect` sends as `machine`). */
interface V4Node {
  readonly id?: string;
  readonly key?: string;
  readonly type?: string;
  readonly initial?: string;
  readonly history?: string | boolean;
  readonly states?: Readonly<Record<string, V4Node>>;
  readonly on?: Readonly<Record<string, readonly V4Transition[]>>;
  readonly invoke?: ReadonlyArray<{ readonly id?: string }>;
}

const AFTER_V4 = /^xstate\.after\((.+)\)#(.+)$/;
const DONE_STATE_V4 = 'done.state.';
const DONE_INVOKE_V4 = 'done.invoke.';
const ERROR_PLATFORM_V4 = 'error.platform.';

/**
 * A v4 event type in v5's spelling, so charts and inferred transitions name events alike:
 * `xstate.after(500)#m.s` -> `xstate.after.500.m.s`, `done.state.m.s` -> `xstate.done.state.m.s`,
 * `done.invoke.x` -> `xstate.done.actor.x`, `error.platform.x` -> `xstate.error.actor.x`. Others unchanged.
 */
export function eventFromXState4(type: string): string {
  const after = AFTER_V4.exec(type);
  if (after !== null) return `xstate.after.${after[1]}.${after[2]}`;
  if (type.startsWith(DONE_STATE_V4)) return `xstate.${type}`;
  if (type.startsWith(DONE_INVOKE_V4)) return `xstate.done.actor.${type.slice(DONE_INVOKE_V4.length)}`;
  if (type.startsWith(ERROR_PLATFORM_V4)) return `xstate.error.actor.${type.slice(ERROR_PLATFORM_V4.length)}`;
  return type;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function transitionConfig(transition: V4Transition, sourceId: string): Record<string, unknown> {
  const targets = Array.isArray(transition.target) ? transition.target.filter((target) => typeof target === 'string') : [];
  const guard = transition.cond?.name ?? transition.cond?.type;
  return {
    ...(targets.length > 0 ? { target: targets } : {}),
    ...(typeof guard === 'string' ? { guard } : {}),
    // v4 re-enters a state that targets itself unless the transition is internal; v5 needs it said.
    ...(transition.internal === false && targets.includes(`#${sourceId}`) ? { reenter: true } : {}),
  };
}

/** One v4 state node as a v5 state config: `on` split into `after`, `always`, `onDone` and invoke results. */
function stateConfig(node: V4Node, path: string): Record<string, unknown> {
  const id = typeof node.id === 'string' ? node.id : path;
  const on: Record<string, unknown[]> = {};
  const after: Record<string, unknown[]> = {};
  const always: unknown[] = [];
  const onDone: unknown[] = [];
  const invokes = new Map<string, Record<string, unknown>>();
  for (const invoke of node.invoke ?? []) {
    if (typeof invoke.id === 'string') invokes.set(invoke.id, { id: invoke.id, src: invoke.id });
  }
  for (const [event, transitions] of Object.entries(node.on ?? {})) {
    if (!Array.isArray(transitions)) continue;
    const configs = transitions.filter(isObject).map((transition) => transitionConfig(transition, id));
    const delay = AFTER_V4.exec(event);
    if (delay?.[1] !== undefined) after[delay[1]] = [...(after[delay[1]] ?? []), ...configs];
    else if (event === '') always.push(...configs);
    else if (event === `${DONE_STATE_V4}${id}`) onDone.push(...configs);
    else if (event.startsWith(DONE_INVOKE_V4) && invokes.has(event.slice(DONE_INVOKE_V4.length))) {
      const invoke = invokes.get(event.slice(DONE_INVOKE_V4.length));
      if (invoke !== undefined) invoke.onDone = configs;
    } else if (event.startsWith(ERROR_PLATFORM_V4) && invokes.has(event.slice(ERROR_PLATFORM_V4.length))) {
      const invoke = invokes.get(event.slice(ERROR_PLATFORM_V4.length));
      if (invoke !== undefined) invoke.onError = configs;
    } else on[event] = configs;
  }
  const states = Object.entries(node.states ?? {}).filter(([, child]) => isObject(child));
  const type = node.type === 'parallel' || node.type === 'final' || node.type === 'history' ? node.type : undefined;
  return {
    ...(id === path ? {} : { id }),
    ...(type === undefined ? {} : { type }),
    ...(type === 'history' ? { history: node.history === 'deep' ? 'deep' : 'shallow' } : {}),
    ...(typeof node.initial === 'string' && states.length > 0 && type === undefined ? { initial: node.initial } : {}),
    ...(states.length > 0 ? { states: Object.fromEntries(states.map(([key, child]) => [key, stateConfig(child, `${path}.${key}`)])) } : {}),
    ...(Object.keys(on).length > 0 ? { on } : {}),
    ...(Object.keys(after).length > 0 ? { after } : {}),
    ...(always.length > 0 ? { always } : {}),
    ...(onDone.length > 0 ? { onDone } : {}),
    ...(invokes.size > 0 ? { invoke: [...invokes.values()] } : {}),
  };
}

/**
 * The chart of an XState v4 machine from its serialised definition (`JSON.stringify(service.machine)`, what
 * `@xstate/inspect` sends), read by XState 5 after turning it into a v5 config: ids and targets carry over
 * as they are, `cond` becomes `guard`, and v4's flat `on` (timers, eventless and done transitions included)
 * goes back to `after`, `always` and `onDone`. Null when it is not a machine's definition.
 */
export function chartFromXState4(definition: unknown): ChartOfMachine | null {
  if (!isObject(definition) || typeof definition.id !== 'string' || !isObject(definition.states)) return null;
  return chartFromConfig({ ...stateConfig(definition, definition.id), id: definition.id });
}
