import { deferred, zod } from '../util/zodModule.js';
import type { ChartOfMachine } from './chart/fromStateNode.js';
import { chartFromConfig } from './chart/fromConfig.js';
import type { ActorStatus, StateValueJson } from './protocol.js';
import type { RelayHub } from './RelayHub.js';

const eventObject = deferred(() => zod().looseObject({ type: zod().string() }));
const statelyMessage = deferred(() => zod().discriminatedUnion('type', [
  zod().looseObject({
    type: zod().literal('@xstate.actor'),
    sessionId: zod().string(),
    name: zod().string().nullish(),
    definition: zod().string().nullish(),
    parentId: zod().string().nullish(),
    rootId: zod().string().nullish(),
    snapshot: zod().unknown().optional(),
  }),
  zod().looseObject({
    type: zod().literal('@xstate.event'),
    sessionId: zod().string(),
    sourceId: zod().string().nullish(),
    event: eventObject,
  }),
  zod().looseObject({
    type: zod().literal('@xstate.snapshot'),
    sessionId: zod().string(),
    snapshot: zod().looseObject({ status: zod().string().optional(), value: zod().unknown().optional(), context: zod().unknown().optional() }),
    event: eventObject.optional(),
  }),
]));

/** Charts by definition text: every actor of a machine sends the same text. Bounded: cleared when full. */
const charts = new Map<string, ChartOfMachine | null>();
const MAX_CHARTS = 256;

function chartOf(definition: string | null | undefined): ChartOfMachine | null {
  if (definition === null || definition === undefined) return null;
  let chart = charts.get(definition);
  if (chart === undefined) {
    let config: unknown;
    try {
      config = JSON.parse(definition);
    } catch {
      config = null;
    }
    chart = chartFromConfig(config);
    if (charts.size >= MAX_CHARTS) charts.clear();
    charts.set(definition, chart);
  }
  return chart;
}

function statusOf(status: string | undefined): ActorStatus {
  return status === 'done' || status === 'error' || status === 'stopped' ? status : 'active';
}

function valueOf(value: unknown): StateValueJson | null {
  return typeof value === 'string' || (typeof value === 'object' && value !== null) ? (value as StateValueJson) : null;
}

/**
 * One `@statelyai/inspect` WebSocket client (`createWebSocketInspector({ url })`): reads its messages
 * (`@xstate.actor` with the machine's JSON definition, `@xstate.event`, `@xstate.snapshot`) and reports them to
 * the hub under ids prefixed with `prefix`, so two processes' session ids never collide. Messages it cannot
 * read are counted as rejected and skipped. When the client goes, its actors are reported stopped.
 */
export class StatelyConnection {
  constructor(private readonly hub: RelayHub, private readonly prefix: string, private readonly group: string | null) {}

  /** Handles one WebSocket text frame. */
  receive(text: string): void {
    this.hub.noteReceived();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.hub.noteRejected();
      return;
    }
    const result = statelyMessage.safeParse(parsed);
    if (!result.success) {
      this.hub.noteRejected();
      return;
    }
    const message = result.data;
    switch (message.type) {
      case '@xstate.actor': {
        const id = this.register(message.sessionId, message.name ?? null, message.parentId ?? null, message.rootId ?? null, message.definition);
        const snapshot = message.snapshot as { status?: unknown; value?: unknown; context?: unknown } | undefined;
        if (typeof snapshot === 'object' && snapshot !== null && 'value' in snapshot) {
          this.hub.snapshot(id, {
            value: valueOf(snapshot.value),
            status: statusOf(typeof snapshot.status === 'string' ? snapshot.status : undefined),
            event: 'xstate.init',
            context: snapshot.context,
            inferTransitions: false,
            // The client reads this snapshot when it sends the registration, a tick after the actor started:
            // an event sent right after start() is already in it. The actor's own first snapshot replaces it.
            provisional: true,
          });
        }
        return;
      }
      case '@xstate.event':
        this.hub.event(this.ensure(message.sessionId), message.sourceId === null || message.sourceId === undefined ? null : this.prefix + message.sourceId, message.event);
        return;
      case '@xstate.snapshot':
        this.hub.snapshot(this.ensure(message.sessionId), {
          value: valueOf(message.snapshot.value),
          status: statusOf(message.snapshot.status),
          event: message.event?.type ?? '',
          context: message.snapshot.context,
          inferTransitions: true,
        });
        return;
    }
  }

  /** The client disconnected: its actors will send nothing more. */
  close(): void {
    for (const id of this.hub.actorsFrom(this.prefix)) this.hub.stop(id);
  }

  private ensure(sessionId: string): string {
    return this.register(sessionId, null, null, null, undefined);
  }

  private register(sessionId: string, name: string | null, parentId: string | null, rootId: string | null, definition: string | null | undefined): string {
    const id = this.prefix + sessionId;
    if (this.hub.knows(id)) return id;
    const chart = chartOf(definition);
    this.hub.register({
      id,
      name: name ?? chart?.chart.machineId ?? sessionId,
      parentId: parentId === null ? null : this.prefix + parentId,
      rootId: this.prefix + (rootId ?? sessionId),
      group: this.group,
      source: 'websocket',
      chart,
    });
    return id;
  }
}
