import type {
  ActorInfo, ActorState, ChartDefinition, FeedBatch, FeedStats, HealthPoint, LoggedEvent, StateValueJson,
} from '../../src/inspect/protocol.js';
import { valueText } from './valueText.js';

/** One stop in an actor's recent history of states. */
export interface TrailEntry {
  readonly text: string;
  readonly value: StateValueJson | null;
  readonly event: string;
  readonly at: number;
  /** From a provisional state: the actor's next state takes its place. */
  readonly provisional?: boolean;
}

/** What the page knows of one actor. */
export interface ActorView {
  readonly info: ActorInfo;
  state: ActorState | null;
  /** Recent state changes, oldest first. */
  trail: TrailEntry[];
  context: string | null;
  health: HealthPoint[];
  /** When the page learned it stopped (page clock), or null while live. */
  stoppedAt: number | null;
}

/** Finished children of one parent with the same name, shown as one line (`probe ×37, last: done`). */
export interface FoldedChildren {
  readonly parentId: string;
  readonly name: string;
  /** How many finished since the page started (or the parent was first seen). */
  count: number;
  lastStatus: string;
  lastAt: number;
}

/** What changed since the last {@link VisualizerStore.takeChanges}. */
export interface StoreChanges {
  /** The page started over (first batch, or the relay resynchronised it). */
  readonly reset: boolean;
  /** Actors added, stopped or removed: the list needs redrawing. */
  readonly membership: boolean;
  /** Actors whose state, context or health changed. */
  readonly actors: ReadonlySet<string>;
  /** Events received, oldest first. */
  readonly events: readonly LoggedEvent[];
}

/** How much the page keeps. */
export interface StoreLimits {
  readonly events: number;
  readonly trail: number;
  readonly health: number;
  /** Stopped actors without a parent kept in the list (the oldest go first). */
  readonly stopped: number;
  /** Finished children kept (for the event log's names and their cards); the list folds them anyway. */
  readonly stoppedChildren: number;
}

const INIT_EVENT = 'xstate.init';
const defaultLimits: StoreLimits = { events: 5000, trail: 24, health: 240, stopped: 20, stoppedChildren: 200 };

/**
 * The page's model, fed by the relay's batches: charts, actors with their latest state, a short trail of
 * states, context and health points, and recent events. Pure (no DOM), so the drawing can read what changed
 * once per frame however many batches arrived.
 */
export class VisualizerStore {
  readonly definitions = new Map<string, ChartDefinition>();
  readonly actors = new Map<string, ActorView>();
  /**
   * Finished children by parent id, then name: a parent that starts a short-lived child every interval (a health
   * probe) has one line per kind of child, not a list that grows forever.
   */
  readonly folded = new Map<string, Map<string, FoldedChildren>>();
  events: LoggedEvent[] = [];
  stats: FeedStats | null = null;
  /** Totals since the page loaded. */
  readonly totals = { batches: 0, events: 0, states: 0, resets: 0 };
  private readonly limits: StoreLimits;
  private changedActors = new Set<string>();
  private newEvents: LoggedEvent[] = [];
  private membership = false;
  private wasReset = false;

  constructor(limits: Partial<StoreLimits> = {}) {
    this.limits = { ...defaultLimits, ...limits };
  }

  apply(batch: FeedBatch, now: number): void {
    this.totals.batches += 1;
    if (batch.reset) this.clear();
    for (const [id, definition] of Object.entries(batch.definitions)) this.definitions.set(id, definition);
    for (const info of batch.actors) this.addActor(info);
    for (const state of batch.states) this.applyState(state);
    this.addEvents(batch.events);
    for (const point of batch.health) this.addHealth(point);
    for (const { actorId, summary } of batch.contexts) {
      const actor = this.actors.get(actorId);
      if (actor === undefined) continue;
      actor.context = summary;
      this.changedActors.add(actorId);
    }
    for (const actorId of batch.stopped) this.markStopped(actorId, now);
    this.stats = batch.stats;
  }

  /** What changed since the last call; starts a new round. */
  takeChanges(): StoreChanges {
    const changes: StoreChanges = { reset: this.wasReset, membership: this.membership, actors: this.changedActors, events: this.newEvents };
    this.changedActors = new Set();
    this.newEvents = [];
    this.membership = false;
    this.wasReset = false;
    return changes;
  }

  /** The actor's name as the page shows it: `group / name`. */
  label(actorId: string): string {
    const actor = this.actors.get(actorId);
    if (actor === undefined) return actorId;
    return actor.info.group === null ? actor.info.name : `${actor.info.group} / ${actor.info.name}`;
  }

  private clear(): void {
    this.definitions.clear();
    this.actors.clear();
    this.folded.clear();
    this.events = [];
    this.changedActors.clear();
    this.newEvents = [];
    this.membership = true;
    this.wasReset = true;
    this.totals.resets += 1;
  }

  private addActor(info: ActorInfo): void {
    if (this.actors.has(info.id)) return;
    this.actors.set(info.id, { info, state: null, trail: [], context: null, health: [], stoppedAt: null });
    this.membership = true;
  }

  private applyState(state: ActorState): void {
    this.totals.states += 1;
    const actor = this.actors.get(state.actorId);
    if (actor === undefined) return;
    actor.state = state;
    const text = valueText(state.value, state.status);
    // A provisional state was a stand-in read late by the client: the actor's own first state takes its place.
    if (actor.trail.at(-1)?.provisional === true && state.event === INIT_EVENT) actor.trail.pop();
    const last = actor.trail.at(-1);
    if (last?.text !== text) {
      actor.trail.push({ text, value: state.value, event: state.event, at: state.at, ...(state.provisional === true ? { provisional: true } : {}) });
      if (actor.trail.length > this.limits.trail) actor.trail.splice(0, actor.trail.length - this.limits.trail);
    }
    this.changedActors.add(state.actorId);
  }

  private addEvents(events: readonly LoggedEvent[]): void {
    if (events.length === 0) return;
    this.totals.events += events.length;
    this.events.push(...events);
    if (this.events.length > this.limits.events * 2) this.events = this.events.slice(-this.limits.events);
    this.newEvents.push(...events);
    if (this.newEvents.length > this.limits.events) this.newEvents = this.newEvents.slice(-this.limits.events);
  }

  private addHealth(point: HealthPoint): void {
    const actor = this.actors.get(point.actorId);
    if (actor === undefined) return;
    actor.health.push(point);
    if (actor.health.length > this.limits.health) actor.health.splice(0, actor.health.length - this.limits.health);
    this.changedActors.add(point.actorId);
  }

  private markStopped(actorId: string, now: number): void {
    const actor = this.actors.get(actorId);
    if (actor === undefined || actor.stoppedAt !== null) return;
    actor.stoppedAt = now;
    this.membership = true;
    this.changedActors.add(actorId);
    const parentId = actor.info.parentId;
    if (parentId !== null) this.fold(parentId, actor, now);
    const stopped = [...this.actors.values()].filter((view) => view.stoppedAt !== null);
    const children = stopped.filter((view) => view.info.parentId !== null);
    const roots = stopped.filter((view) => view.info.parentId === null);
    for (const old of [
      ...children.slice(0, Math.max(0, children.length - this.limits.stoppedChildren)),
      ...roots.slice(0, Math.max(0, roots.length - this.limits.stopped)),
    ]) {
      this.actors.delete(old.info.id);
      this.folded.delete(old.info.id);
    }
  }

  private fold(parentId: string, actor: ActorView, now: number): void {
    let kinds = this.folded.get(parentId);
    if (kinds === undefined) {
      kinds = new Map();
      this.folded.set(parentId, kinds);
    }
    const status = actor.state === null || actor.state.status === 'active' ? 'stopped' : actor.state.status;
    const kind = kinds.get(actor.info.name);
    if (kind === undefined) kinds.set(actor.info.name, { parentId, name: actor.info.name, count: 1, lastStatus: status, lastAt: now });
    else {
      kind.count += 1;
      kind.lastStatus = status;
      kind.lastAt = now;
    }
  }
}
