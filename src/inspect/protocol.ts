/**
 * What the relay sends to the visualizer page over `/feed`, whatever the inspection events came from (the
 * runtime's own `inspect` option or a `@statelyai/inspect` WebSocket client). Plain JSON, no functions, so the
 * page and the relay share these types and nothing else. Pure: the page bundles this file.
 */

/** A state value as XState reports it: `'open'`, or `{ client: { enhanced: 'active' }, link: 'healthy' }`. */
export type StateValueJson = string | { readonly [key: string]: StateValueJson };

/** One transition of a statechart. */
export interface ChartTransition {
  /** Unique in its chart: `<source node id>#<index>`. */
  readonly id: string;
  /** The event type as XState names it (`''` for `always`, `xstate.after.<delay>.<state id>` for `after`). */
  readonly event: string;
  /** What a person reads: `CALL.FAILED`, `after remainingBreak`, `done: recover`, `always`. */
  readonly label: string;
  /** The guard's name (`isThresholdReached`, `!isDegraded`), or null. */
  readonly guard: string | null;
  /** Target state node ids; empty for a transition that only runs actions. */
  readonly targets: readonly string[];
  /** True when it leaves and re-enters its source (`reenter: true`). */
  readonly reenter: boolean;
}

/** One state node, with its children in document order. */
export interface ChartNode {
  /** The state node id, e.g. `circuitBreaker.open` (or a custom `id`). */
  readonly id: string;
  /** Its key in its parent, e.g. `open`; the machine id for the root. */
  readonly key: string;
  readonly kind: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** The initial child's id, for a compound state. */
  readonly initial: string | null;
  readonly children: readonly ChartNode[];
  readonly transitions: readonly ChartTransition[];
  /** Ids of the actors this state invokes while active. */
  readonly invokes: readonly string[];
}

/** A machine's statechart, built from its definition. */
export interface ChartDefinition {
  /** The machine's id (`circuitBreaker`). */
  readonly machineId: string;
  readonly root: ChartNode;
}

/** Where an actor's inspection events come from. */
export type ActorSource = 'local' | 'websocket' | 'xstate4';

/** An actor the relay has seen registered. */
export interface ActorInfo {
  /** Unique per relay: the XState session id prefixed by its source (`local:x:12`, `ws3:x:0`). */
  readonly id: string;
  /** The actor's id when it has one of its own (`healthMonitor`, `recover`), else its machine's id. */
  readonly name: string;
  /** The chart of a state machine actor; null for promise, callback and other actors. */
  readonly definitionId: string | null;
  readonly parentId: string | null;
  /** The root actor of its system (itself for a root). */
  readonly rootId: string;
  /** A label the host gave (`inspectFor('node-1')`, or `?group=` of a WebSocket client); null when none. */
  readonly group: string | null;
  readonly source: ActorSource;
  /** When the relay saw it registered, epoch ms. */
  readonly registeredAt: number;
}

/** An actor's status as its snapshot says. */
export type ActorStatus = 'active' | 'done' | 'error' | 'stopped';

/** One snapshot of an actor: where it is now, and what took it there. */
export interface ActorState {
  readonly actorId: string;
  /** Increases with every message the relay makes; orders states and events across actors. */
  readonly seq: number;
  /** When the relay received it, epoch ms. */
  readonly at: number;
  /** The state value of a machine; null for other actors. */
  readonly value: StateValueJson | null;
  readonly status: ActorStatus;
  /** The type of the event that led to this snapshot. */
  readonly event: string;
  /** Ids of the transitions taken for it (exact for in-process actors, inferred for WebSocket ones). */
  readonly transitions: readonly string[];
  /**
   * True for the state a `@statelyai/inspect` client put in the actor's registration. That client reads it
   * when it gets round to sending the registration, after the actor may already have moved on, so it stands in
   * only until the actor's own first snapshot (event `xstate.init`), which replaces it: the actor's history
   * starts there. A later snapshot on any other event follows it as usual (a client that reports no start).
   */
  readonly provisional?: true;
}

/** An event an actor received. */
export interface LoggedEvent {
  readonly seq: number;
  readonly at: number;
  /** The actor that received it. */
  readonly actorId: string;
  /** The actor that sent it, when known. */
  readonly sourceId: string | null;
  readonly type: string;
  /** A short redacted JSON summary of the event's other fields ('' when it has none). */
  readonly summary: string;
}

/** One health check, as the manager that received its `HEALTH.OK` / `HEALTH.FAILED` saw it. */
export interface HealthPoint {
  /** The actor that received the health report (the manager's connection actor). */
  readonly actorId: string;
  readonly at: number;
  readonly ok: boolean;
  readonly responseTimeMs: number;
  readonly error: string | null;
}

/** An actor's context, summarised (sent for the latest snapshot only). */
export interface ActorContext {
  readonly actorId: string;
  readonly summary: string;
}

/** Counters of the relay, and of what it could not send to this page. */
export interface FeedStats {
  /** Inspection events received since the relay started. */
  readonly received: number;
  /** Events never sent to this page because it fell behind (oldest dropped first). */
  readonly droppedEvents: number;
  /** Snapshots folded into a later one of the same actor because this page fell behind. */
  readonly coalescedStates: number;
  /** Times this page was brought up to date from the current state instead of the backlog. */
  readonly resyncs: number;
  /** Inspection events the relay could not read (malformed WebSocket messages). */
  readonly rejected: number;
  readonly liveActors: number;
  readonly inspectClients: number;
}

/**
 * One message on `/feed`. With `reset`, the page forgets what it had: the batch is the current state of every
 * live actor plus recent events (the first message, and after the page fell too far behind). Apply in field
 * order: definitions, actors, states, events, health, contexts, stopped.
 */
export interface FeedBatch {
  readonly type: 'batch';
  readonly reset: boolean;
  readonly definitions: Readonly<Record<string, ChartDefinition>>;
  readonly actors: readonly ActorInfo[];
  readonly states: readonly ActorState[];
  readonly events: readonly LoggedEvent[];
  readonly health: readonly HealthPoint[];
  readonly contexts: readonly ActorContext[];
  /** Actors that stopped (their last state is in `states`). */
  readonly stopped: readonly string[];
  readonly stats: FeedStats;
}
