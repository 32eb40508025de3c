import type { ActorContext, ActorInfo, ActorState, ChartDefinition, FeedBatch, FeedStats, HealthPoint, LoggedEvent } from './protocol.js';

/** What a queue needs from the relay when it makes a batch. */
export interface BatchSource {
  definition(id: string): ChartDefinition | undefined;
  /** The current context summary of a live actor, or undefined when it has none or is gone. */
  contextSummary(actorId: string): string | undefined;
  /** Everything a page needs to start over: every live actor's latest state, recent events, health. */
  current(): Pick<FeedBatch, 'actors' | 'states' | 'events' | 'health' | 'contexts'>;
  stats(): Pick<FeedStats, 'received' | 'rejected' | 'liveActors' | 'inspectClients'>;
}

/** How much one page may have waiting before the queue drops or folds. */
export interface FeedQueueLimits {
  /** Events waiting; past it the oldest are dropped. Default 2000. */
  readonly maxEvents: number;
  /** States waiting; past it each actor keeps only its latest. Default 4000. */
  readonly maxStates: number;
  /** Actor registrations, stops and health points waiting; past it the page is resynchronised. Default 2000. */
  readonly maxOthers: number;
}

const defaultLimits: FeedQueueLimits = { maxEvents: 2000, maxStates: 4000, maxOthers: 2000 };

/**
 * What one page has not been sent yet, bounded so that a page that reads slowly costs the runtime a fixed
 * amount of memory and never blocks it: events beyond the limit are dropped (oldest first), states are folded
 * into the latest one per actor, and when even registrations pile up the page is sent the current state
 * instead of its backlog. Counts what it dropped, folded and resynchronised; the page shows the counts.
 */
export class FeedQueue {
  private readonly limits: FeedQueueLimits;
  private actors: ActorInfo[] = [];
  private states: ActorState[] = [];
  private events: LoggedEvent[] = [];
  private health: HealthPoint[] = [];
  private stopped: string[] = [];
  private readonly contexts = new Set<string>();
  private readonly sentDefinitions = new Set<string>();
  private resetPending = true;
  private droppedEvents = 0;
  private coalescedStates = 0;
  private resyncs = 0;

  constructor(limits: Partial<FeedQueueLimits> = {}) {
    this.limits = { ...defaultLimits, ...limits };
  }

  /** True when nothing waits (a first batch, with the current state, always waits until taken). */
  get idle(): boolean {
    return !this.resetPending && this.actors.length + this.states.length + this.events.length + this.health.length
      + this.stopped.length + this.contexts.size === 0;
  }

  actor(info: ActorInfo): void {
    if (this.resetPending) return;
    this.actors.push(info);
    this.checkOthers();
  }

  state(state: ActorState): void {
    if (this.resetPending) return;
    this.states.push(state);
    if (this.states.length > this.limits.maxStates) this.foldStates();
  }

  event(event: LoggedEvent): void {
    if (this.resetPending) return;
    this.events.push(event);
    if (this.events.length > this.limits.maxEvents) {
      const excess = this.events.length - this.limits.maxEvents;
      this.events.splice(0, excess);
      this.droppedEvents += excess;
    }
  }

  healthPoint(point: HealthPoint): void {
    if (this.resetPending) return;
    this.health.push(point);
    this.checkOthers();
  }

  context(actorId: string): void {
    if (!this.resetPending) this.contexts.add(actorId);
  }

  stop(actorId: string): void {
    if (this.resetPending) return;
    this.stopped.push(actorId);
    this.contexts.delete(actorId);
    this.checkOthers();
  }

  /** The batch to send now, or null when there is nothing new. Empties the queue. */
  take(source: BatchSource): FeedBatch | null {
    if (this.idle) return null;
    const reset = this.resetPending;
    if (reset) {
      this.resetPending = false;
      this.sentDefinitions.clear();
      this.clear();
    }
    const current = reset ? source.current() : null;
    const actors = current?.actors ?? this.actors;
    const definitions: Record<string, ChartDefinition> = {};
    for (const actor of actors) {
      const id = actor.definitionId;
      if (id === null || this.sentDefinitions.has(id)) continue;
      const definition = source.definition(id);
      if (definition === undefined) continue;
      definitions[id] = definition;
      this.sentDefinitions.add(id);
    }
    const contexts: ActorContext[] = [...(current?.contexts ?? [])];
    for (const actorId of this.contexts) {
      const summary = source.contextSummary(actorId);
      if (summary !== undefined) contexts.push({ actorId, summary });
    }
    const batch: FeedBatch = {
      type: 'batch',
      reset,
      definitions,
      actors,
      states: current?.states ?? this.states,
      events: current?.events ?? this.events,
      health: current?.health ?? this.health,
      contexts,
      stopped: reset ? [] : this.stopped,
      stats: { ...source.stats(), droppedEvents: this.droppedEvents, coalescedStates: this.coalescedStates, resyncs: this.resyncs },
    };
    this.clear();
    return batch;
  }

  private clear(): void {
    this.actors = [];
    this.states = [];
    this.events = [];
    this.health = [];
    this.stopped = [];
    this.contexts.clear();
  }

  private foldStates(): void {
    const latest = new Map<string, ActorState>();
    for (const state of this.states) latest.set(state.actorId, state);
    this.coalescedStates += this.states.length - latest.size;
    this.states = [...latest.values()].sort((a, b) => a.seq - b.seq);
  }

  private checkOthers(): void {
    if (this.actors.length + this.health.length + this.stopped.length <= this.limits.maxOthers) return;
    this.clear();
    this.resetPending = true;
    this.resyncs += 1;
  }
}
