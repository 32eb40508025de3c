import type { AnyStateMachine, InspectionEvent } from 'xstate';
import type { ChartOfMachine } from './chart/fromStateNode.js';
import { chartFromStateNode } from './chart/fromStateNode.js';
import type { ActorStatus, StateValueJson } from './protocol.js';
import type { RelayHub } from './RelayHub.js';

/** The parts of an XState actor the relay reads (the inspection types only promise `ActorRefLike`). */
interface InspectedActor {
  readonly sessionId: string;
  readonly id?: unknown;
  readonly logic?: unknown;
  readonly _parent?: { readonly sessionId: string };
}

const LOCAL_PREFIX = 'local:';
const charts = new WeakMap<object, ChartOfMachine>();

function isMachine(logic: unknown): logic is AnyStateMachine {
  if (typeof logic !== 'object' || logic === null) return false;
  const root = (logic as { root?: unknown }).root;
  return typeof root === 'object' && root !== null && typeof (logic as { transition?: unknown }).transition === 'function'
    && typeof (root as { states?: unknown }).states === 'object';
}

/** One chart per machine object: converting is the costly part, and a machine is spawned many times. */
function chartOf(logic: unknown): ChartOfMachine | null {
  if (!isMachine(logic)) return null;
  let chart = charts.get(logic);
  if (chart === undefined) {
    chart = chartFromStateNode(logic.root);
    charts.set(logic, chart);
  }
  return chart;
}

function nameOf(actor: InspectedActor, logic: unknown): string {
  if (typeof actor.id === 'string' && actor.id !== actor.sessionId) return actor.id;
  return isMachine(logic) ? logic.id : 'actor';
}

function statusOf(snapshot: unknown): ActorStatus {
  const status = (snapshot as { status?: unknown }).status;
  return status === 'done' || status === 'error' || status === 'stopped' ? status : 'active';
}

function valueOf(snapshot: unknown): StateValueJson | null {
  const value = (snapshot as { value?: unknown }).value;
  return typeof value === 'string' || (typeof value === 'object' && value !== null) ? (value as StateValueJson) : null;
}

function register(hub: RelayHub, actor: InspectedActor, rootId: string, group: string | null): string {
  const id = LOCAL_PREFIX + actor.sessionId;
  if (hub.knows(id)) return id;
  hub.register({
    id,
    name: nameOf(actor, actor.logic),
    parentId: actor._parent === undefined ? null : LOCAL_PREFIX + actor._parent.sessionId,
    rootId: LOCAL_PREFIX + rootId,
    group,
    source: 'local',
    chart: chartOf(actor.logic),
  });
  return id;
}

function relay(hub: RelayHub, event: InspectionEvent, group: string | null): void {
  const actor = event.actorRef as InspectedActor;
  switch (event.type) {
    case '@xstate.actor':
      register(hub, actor, event.rootId, group);
      return;
    case '@xstate.event': {
      const source = event.sourceRef as InspectedActor | undefined;
      hub.event(register(hub, actor, event.rootId, group), source === undefined ? null : LOCAL_PREFIX + source.sessionId, event.event);
      return;
    }
    case '@xstate.microstep':
      hub.transitionsTaken(register(hub, actor, event.rootId, group), event._transitions);
      return;
    case '@xstate.snapshot': {
      const snapshot: unknown = event.snapshot;
      hub.snapshot(register(hub, actor, event.rootId, group), {
        value: valueOf(snapshot),
        status: statusOf(snapshot),
        event: event.event.type,
        context: (snapshot as { context?: unknown }).context,
        inferTransitions: false,
      });
      return;
    }
    default:
      // Actions and the legacy `@xstate.transition` add nothing the page shows.
      return;
  }
}

/**
 * An XState inspection observer (`createActor(logic, { inspect })`, `ConnectionManager`'s `inspect`) that
 * reports to `hub`, tagging every actor it sees with `group`. It never throws into the runtime and does
 * little work per event: charts are built once per machine, summaries only when a page needs them.
 */
export function createLocalInspect(hub: RelayHub, group: string | null): (event: InspectionEvent) => void {
  return (event) => {
    hub.noteReceived();
    try {
      relay(hub, event, group);
    } catch {
      hub.noteRejected();
    }
  };
}
