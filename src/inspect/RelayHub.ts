import type { AnyTransitionDefinition } from 'xstate';
import { activeNodeIds } from './chart/activeStates.js';
import type { ChartOfMachine } from './chart/fromStateNode.js';
import { inferTransitions } from './chart/inferTransitions.js';
import type { BatchSource } from './FeedQueue.js';
import type { FeedQueue } from './FeedQueue.js';
import { healthPointOf } from './healthPoint.js';
import type { ActorInfo, ActorSource, ActorState, ActorStatus, ChartDefinition, FeedBatch, HealthPoint, LoggedEvent, StateValueJson } from './protocol.js';
import { summarize, summarizeEvent } from './summarize.js';

/** An actor as a source announces it. */
export interface ActorRegistration {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly rootId: string;
  readonly group: string | null;
  readonly source: ActorSource;
  /** Its chart, when it is a state machine. */
  readonly chart: ChartOfMachine | null;
}

/** A snapshot as a source reports it. */
export interface SnapshotReport {
  readonly value: StateValueJson | null;
  readonly status: ActorStatus;
  readonly event: string;
  readonly context: unknown;
  /** Guess the transitions from the states (sources that do not report them). */
  readonly inferTransitions: boolean;
  /** A stand-in read late at registration: the actor's next snapshot replaces it (see {@link ActorState.provisional}). */
  readonly provisional?: boolean;
}

/** How much history the relay keeps for pages that connect later. */
export interface HubLimits {
  /** Recent events sent to a page when it connects. Default 300. */
  readonly recentEvents: number;
  /** Health points kept per manager. Default 240. */
  readonly healthPoints: number;
}

interface LiveActor {
  readonly info: ActorInfo;
  readonly chart: ChartOfMachine | null;
  state: ActorState | null;
  active: Set<string>;
  context: unknown;
  summary: { readonly of: unknown; readonly text: string } | null;
  pending: string[];
}

const CONTEXT_SUMMARY_LENGTH = 4000;
const INIT_EVENT = 'xstate.init';
const GONE_REMEMBERED = 10_000;

/**
 * The relay's memory and switchboard: the live actors (their latest state and context), the charts, recent
 * events and health points, and the pages' queues. Sources (in-process `inspect`, WebSocket clients) report
 * into it; it hands each page's queue what is new. Keeps the current state only, not the past: a page that
 * connects later gets every live actor as it is now and the recent events.
 */
export class RelayHub implements BatchSource {
  private readonly limits: HubLimits;
  private readonly live = new Map<string, LiveActor>();
  private readonly definitions = new Map<string, ChartDefinition>();
  private readonly definitionIds = new Map<string, string>();
  private readonly charts = new WeakMap<ChartOfMachine, string>();
  private readonly queues = new Set<FeedQueue>();
  private readonly health = new Map<string, HealthPoint[]>();
  /** Actors that stopped lately: events that reach them afterwards must not bring them back to life. */
  private readonly gone = new Set<string>();
  private recent: LoggedEvent[] = [];
  private seq = 0;
  private received = 0;
  private rejected = 0;
  /** WebSocket inspection clients connected now. */
  inspectClients = 0;

  constructor(limits: Partial<HubLimits> = {}, private readonly now: () => number = Date.now) {
    this.limits = { recentEvents: 300, healthPoints: 240, ...limits };
  }

  /** Counts an inspection event received (whatever became of it). */
  noteReceived(): void {
    this.received += 1;
  }

  /** Counts an inspection event that could not be read. */
  noteRejected(): void {
    this.rejected += 1;
  }

  attach(queue: FeedQueue): void {
    this.queues.add(queue);
  }

  detach(queue: FeedQueue): void {
    this.queues.delete(queue);
  }

  /** True for a live actor and for one that stopped lately. */
  knows(actorId: string): boolean {
    return this.live.has(actorId) || this.gone.has(actorId);
  }

  /** Registers an actor (again: ignored). */
  register(registration: ActorRegistration): void {
    if (this.knows(registration.id)) return;
    const info: ActorInfo = {
      id: registration.id,
      name: registration.name,
      definitionId: registration.chart === null ? null : this.definitionIdOf(registration.chart),
      parentId: registration.parentId,
      rootId: registration.rootId,
      group: registration.group,
      source: registration.source,
      registeredAt: this.now(),
    };
    this.live.set(info.id, { info, chart: registration.chart, state: null, active: new Set(), context: undefined, summary: null, pending: [] });
    for (const queue of this.queues) queue.actor(info);
  }

  /** Notes transitions an in-process actor took (its microsteps); they go with its next snapshot. */
  transitionsTaken(actorId: string, transitions: readonly AnyTransitionDefinition[]): void {
    const actor = this.live.get(actorId);
    const ids = actor?.chart?.transitionIds;
    if (actor === undefined || ids === undefined) return;
    for (const transition of transitions) {
      const id = ids.get(transition);
      if (id !== undefined) actor.pending.push(id);
    }
  }

  snapshot(actorId: string, report: SnapshotReport): void {
    const actor = this.live.get(actorId);
    if (actor === undefined) return;
    const provisional = report.provisional === true;
    // A stand-in is never the actor's first state: nothing was taken from it, and nothing leads into it.
    if (provisional && actor.state !== null) return;
    const chart = actor.chart?.chart;
    const active = chart === undefined ? new Set<string>() : activeNodeIds(chart.root, report.value);
    // The actor's own first snapshot replaces the stand-in: its history starts here, from no state.
    const before = actor.state?.provisional === true && report.event === INIT_EVENT ? new Set<string>() : actor.active;
    const transitions = provisional ? [] : report.inferTransitions && chart !== undefined
      ? inferTransitions(chart.root, before, active, report.event)
      : actor.pending;
    const state: ActorState = {
      actorId, seq: ++this.seq, at: this.now(), value: report.value, status: report.status, event: report.event, transitions,
      ...(provisional ? { provisional: true } : {}),
    };
    actor.state = state;
    actor.active = active;
    actor.pending = [];
    const contextChanged = report.context !== undefined && report.context !== actor.context;
    actor.context = report.context;
    for (const queue of this.queues) {
      queue.state(state);
      if (contextChanged && report.status === 'active') queue.context(actorId);
    }
    if (report.status !== 'active') this.stop(actorId);
  }

  event(actorId: string, sourceId: string | null, event: object & { type: string }): void {
    const at = this.now();
    const logged: LoggedEvent = { seq: ++this.seq, at, actorId, sourceId, type: event.type, summary: summarizeEvent(event) };
    this.recent.push(logged);
    if (this.recent.length > this.limits.recentEvents * 2) this.recent = this.recent.slice(-this.limits.recentEvents);
    const point = healthPointOf(actorId, event, at);
    if (point !== null) this.addHealth(point);
    for (const queue of this.queues) {
      queue.event(logged);
      if (point !== null) queue.healthPoint(point);
    }
  }

  /** An actor is gone without a final snapshot (its WebSocket client left): it is reported stopped. */
  stop(actorId: string): void {
    if (!this.live.delete(actorId)) return;
    this.health.delete(actorId);
    this.gone.add(actorId);
    if (this.gone.size > GONE_REMEMBERED) this.gone.delete(this.gone.values().next().value ?? actorId);
    for (const queue of this.queues) queue.stop(actorId);
  }

  /** Ids of the live actors whose id starts with `prefix` (one WebSocket client's). */
  actorsFrom(prefix: string): string[] {
    return [...this.live.keys()].filter((id) => id.startsWith(prefix));
  }

  definition(id: string): ChartDefinition | undefined {
    return this.definitions.get(id);
  }

  contextSummary(actorId: string): string | undefined {
    const actor = this.live.get(actorId);
    if (actor === undefined || actor.context === undefined) return undefined;
    if (actor.summary?.of !== actor.context) actor.summary = { of: actor.context, text: summarize(actor.context, CONTEXT_SUMMARY_LENGTH) };
    return actor.summary.text;
  }

  current(): Pick<FeedBatch, 'actors' | 'states' | 'events' | 'health' | 'contexts'> {
    const actors = [...this.live.values()];
    return {
      actors: actors.map((actor) => actor.info),
      states: actors.flatMap((actor) => (actor.state === null ? [] : [actor.state])).sort((a, b) => a.seq - b.seq),
      events: this.recent.slice(-this.limits.recentEvents),
      health: [...this.health.values()].flat(),
      contexts: actors.flatMap((actor) => {
        const summary = this.contextSummary(actor.info.id);
        return summary === undefined ? [] : [{ actorId: actor.info.id, summary }];
      }),
    };
  }

  stats(): { received: number; rejected: number; liveActors: number; inspectClients: number } {
    return { received: this.received, rejected: this.rejected, liveActors: this.live.size, inspectClients: this.inspectClients };
  }

  private addHealth(point: HealthPoint): void {
    const points = this.health.get(point.actorId) ?? [];
    points.push(point);
    if (points.length > this.limits.healthPoints) points.splice(0, points.length - this.limits.healthPoints);
    this.health.set(point.actorId, points);
  }

  /** Machines with the same chart share one definition id, so a page lays each chart out once. */
  private definitionIdOf(chart: ChartOfMachine): string {
    const known = this.charts.get(chart);
    if (known !== undefined) return known;
    const json = JSON.stringify(chart.chart);
    let id = this.definitionIds.get(json);
    if (id === undefined) {
      id = `${chart.chart.machineId}#${this.definitionIds.size + 1}`;
      this.definitionIds.set(json, id);
      this.definitions.set(id, chart.chart);
    }
    this.charts.set(chart, id);
    return id;
  }
}
