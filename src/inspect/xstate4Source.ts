import { deferred, zod } from '../util/zodModule.js';
import type { ChartOfMachine } from './chart/fromStateNode.js';
import { chartFromXState4, eventFromXState4 } from './chart/fromXState4.js';
import type { ActorStatus, StateValueJson } from './protocol.js';
import type { RelayHub } from './RelayHub.js';

/**
 * What an `@xstate/inspect` (0.8, XState v4) server sends an inspector that said `xstate.inspecting`: each
 * service's machine and state as JSON text (`service.register`), the events sent to it before they are
 * processed (`service.event`, an SCXML event as JSON text), each new state (`service.state`) and its stop.
 */
const v4Message = deferred(() => zod().discriminatedUnion('type', [
  zod().looseObject({ type: zod().literal('service.register'), sessionId: zod().string(), machine: zod().string(), state: zod().string(), id: zod().string().nullish() }),
  zod().looseObject({ type: zod().literal('service.state'), sessionId: zod().string(), state: zod().string() }),
  zod().looseObject({ type: zod().literal('service.event'), sessionId: zod().string(), event: zod().string() }),
  zod().looseObject({ type: zod().literal('service.stop'), sessionId: zod().string() }),
  zod().looseObject({ type: zod().literal('xstate.disconnect') }),
]));

const v4State = deferred(() => zod().looseObject({
  value: zod().unknown(),
  context: zod().unknown().optional(),
  event: zod().looseObject({ type: zod().string() }).optional(),
  done: zod().boolean().optional(),
}));

const v4Event = deferred(() => zod().looseObject({
  name: zod().string(),
  data: zod().unknown().optional(),
  origin: zod().string().nullish(),
}));

/** The message the inspector sends first: the server answers with every live service. */
export const XSTATE4_HELLO = JSON.stringify({ type: 'xstate.inspecting' });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function valueOf(value: unknown): StateValueJson | null {
  return typeof value === 'string' || (typeof value === 'object' && value !== null) ? (value as StateValueJson) : null;
}

/** Charts by definition text: every service of a machine sends the same text. Bounded: cleared when full. */
const charts = new Map<string, ChartOfMachine | null>();
const MAX_CHARTS = 256;

function chartOf(machine: string): ChartOfMachine | null {
  let chart = charts.get(machine);
  if (chart === undefined) {
    chart = chartFromXState4(parseJson(machine));
    if (charts.size >= MAX_CHARTS) charts.clear();
    charts.set(machine, chart);
  }
  return chart;
}

/**
 * One connection to an XState v4 app's `@xstate/inspect` server (`inspect({ server })`): reads what it sends
 * and reports its services to the hub as actors under ids prefixed with `prefix` (a fresh prefix per
 * connection: the app's session ids start again when it restarts). The transitions taken are inferred from
 * the states, as for `@statelyai/inspect` clients. Messages it cannot read are counted as rejected.
 */
export class XState4Connection {
  constructor(private readonly hub: RelayHub, private readonly prefix: string, private readonly group: string | null) {}

  /** Handles one WebSocket text frame. */
  receive(text: string): void {
    this.hub.noteReceived();
    const result = v4Message.safeParse(parseJson(text));
    if (!result.success) {
      this.hub.noteRejected();
      return;
    }
    const message = result.data;
    switch (message.type) {
      case 'service.register': {
        const id = this.prefix + message.sessionId;
        const known = this.hub.knows(id);
        if (!known) {
          const chart = chartOf(message.machine);
          this.hub.register({
            id,
            name: message.id ?? chart?.chart.machineId ?? message.sessionId,
            parentId: null,
            rootId: id,
            group: this.group,
            source: 'xstate4',
            chart,
          });
        }
        // Read when the service registered (or when this inspector connected): its state then, nothing later.
        this.state(id, message.state, !known);
        return;
      }
      case 'service.state':
        this.state(this.prefix + message.sessionId, message.state, false);
        return;
      case 'service.event': {
        const event = v4Event.safeParse(parseJson(message.event));
        if (!event.success) {
          this.hub.noteRejected();
          return;
        }
        const data = event.data.data;
        const body = typeof data === 'object' && data !== null ? data : {};
        this.hub.event(
          this.prefix + message.sessionId,
          event.data.origin === null || event.data.origin === undefined ? null : this.prefix + event.data.origin,
          { ...body, type: eventFromXState4(event.data.name) },
        );
        return;
      }
      case 'service.stop':
        this.hub.stop(this.prefix + message.sessionId);
        return;
      case 'xstate.disconnect':
        this.close();
        return;
    }
  }

  /** The app is gone (socket closed): its services will send nothing more. */
  close(): void {
    for (const id of this.hub.actorsFrom(this.prefix)) this.hub.stop(id);
  }

  private state(id: string, text: string, first: boolean): void {
    const state = v4State.safeParse(parseJson(text));
    if (!state.success) {
      this.hub.noteRejected();
      return;
    }
    const status: ActorStatus = state.data.done === true ? 'done' : 'active';
    this.hub.snapshot(id, {
      value: valueOf(state.data.value),
      status,
      event: eventFromXState4(state.data.event?.type ?? ''),
      context: state.data.context,
      inferTransitions: !first,
    });
  }
}
