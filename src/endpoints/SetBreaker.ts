import type { BreakerStateName } from '../../machines/breaker/types.js';
import { isolationHandle } from '../clients/IsolationHandle.js';
import type { IsolationHandle } from '../clients/IsolationHandle.js';
import { TypedEmitter } from '../util/TypedEmitter.js';

/** The events of a {@link SetBreaker}: the names an EnhancedApiClient's breaker emits, for the whole set. */
export type SetBreakerEventType = 'breaker.opened' | 'breaker.halfOpen' | 'breaker.closed' | 'breaker.isolated';

/** One change of the set's state. */
export interface SetBreakerEvent {
  readonly type: SetBreakerEventType;
  /** The set's state entered. */
  readonly state: BreakerStateName;
}

/** The part of an endpoint's client read here (the EnhancedApiClient's); a client without a `breaker` has none. */
interface EndpointBreakerClient {
  readonly circuitState?: unknown;
  readonly breaker?: unknown;
  isolate?(reason?: string): IsolationHandle;
  resetCircuit?(): void;
}

interface BreakerEmitter {
  on(type: string, listener: () => void): { unsubscribe(): void };
}

/** What a set breaker follows: the endpoints' clients now, and a signal that the set may have changed. */
export interface SetBreakerSource {
  /** The clients of the set's endpoints now (discovery may change them). */
  clients(): readonly object[];
  /** Calls `next` after anything that may change the set (the selection actor's snapshots); `complete` once it stops. */
  subscribe(observer: { next: () => void; complete: () => void }): { unsubscribe(): void };
}

const STATE_AFTER: Readonly<Record<SetBreakerEventType, BreakerStateName>> = {
  'breaker.opened': 'open',
  'breaker.halfOpen': 'halfOpen',
  'breaker.closed': 'closed',
  'breaker.isolated': 'isolated',
};

const EVENT_OF: Readonly<Record<BreakerStateName, SetBreakerEventType>> = {
  open: 'breaker.opened',
  halfOpen: 'breaker.halfOpen',
  closed: 'breaker.closed',
  isolated: 'breaker.isolated',
};

const STATES = new Set<unknown>(['closed', 'open', 'halfOpen', 'isolated']);

function emitterOf(client: EndpointBreakerClient): BreakerEmitter | undefined {
  const breaker = client.breaker;
  if (typeof breaker !== 'object' || breaker === null || !('on' in breaker) || typeof breaker.on !== 'function') return undefined;
  return breaker as BreakerEmitter;
}

/**
 * The set's state from its endpoints' breakers: `closed` while any endpoint's breaker is closed (the set takes
 * calls), else `halfOpen` while any admits a probe, else `isolated` when every one is isolated, else `open` (every
 * endpoint refuses: the set fails fast). An empty set reads closed.
 */
export function setStateOf(states: Iterable<BreakerStateName>): BreakerStateName {
  let any = false;
  let halfOpen = false;
  let allIsolated = true;
  for (const state of states) {
    any = true;
    if (state === 'closed') return 'closed';
    if (state === 'halfOpen') halfOpen = true;
    if (state !== 'isolated') allIsolated = false;
  }
  if (!any) return 'closed';
  if (halfOpen) return 'halfOpen';
  return allIsolated ? 'isolated' : 'open';
}

interface Tracked {
  state: BreakerStateName;
  readonly unwatch: () => void;
}

interface HeldIsolation {
  readonly reason: string;
  readonly handles: Map<object, IsolationHandle>;
}

/**
 * One breaker for a set of endpoints, as a ConnectionManager reads a client's breaker: the set refuses calls only
 * when every endpoint's breaker does (see {@link setStateOf}), and each change of that state is emitted under the
 * breaker event names (`breaker.opened`, `breaker.halfOpen`, `breaker.closed`, `breaker.isolated`). `isolate`
 * isolates every endpoint (endpoints that join while it is held too), `resetCircuit` resets every endpoint's breaker.
 * It follows the endpoints' breakers' own events, so it costs nothing per call; it stops with its source.
 */
export class SetBreaker {
  private readonly tracked = new Map<object, Tracked>();
  private readonly held = new Set<HeldIsolation>();
  private readonly events = new TypedEmitter<Record<SetBreakerEventType, SetBreakerEvent>>(() => undefined);
  private stopSource: { unsubscribe(): void } | undefined;
  private current: BreakerStateName;
  private stopped = false;

  constructor(private readonly source: SetBreakerSource) {
    this.sync();
    this.current = this.computed();
    this.stopSource = source.subscribe({
      next: () => {
        this.sync();
        this.update();
      },
      complete: () => this.stop(),
    });
    if (this.stopped) this.stopSource.unsubscribe();
  }

  /** True when the endpoints' clients have breakers (EnhancedApiClients); false for Standard clients. */
  get hasBreakers(): boolean {
    return this.tracked.size > 0;
  }

  /** The set's state now. */
  get state(): BreakerStateName {
    return this.current;
  }

  /** Subscribes to one change of the set's state, as a breaker actor's `on`. */
  on(type: SetBreakerEventType, listener: (event: SetBreakerEvent) => void): { unsubscribe(): void } {
    const off = this.events.on(type, listener);
    return { unsubscribe: off };
  }

  /**
   * Isolates every endpoint until the handle is disposed (endpoints that join meanwhile are isolated as they join).
   * `reason` is checked by the caller.
   */
  isolate(reason: string): IsolationHandle {
    const isolation: HeldIsolation = { reason, handles: new Map() };
    this.held.add(isolation);
    for (const client of this.tracked.keys()) this.isolateOne(isolation, client);
    return isolationHandle(reason, () => {
      this.held.delete(isolation);
      for (const handle of isolation.handles.values()) handle.dispose();
      isolation.handles.clear();
    });
  }

  /** Resets every endpoint's breaker (isolations held stay in force, as on one breaker). */
  resetCircuit(): void {
    for (const client of this.tracked.keys()) (client as EndpointBreakerClient).resetCircuit?.();
  }

  /** Follows the endpoints now in the set: new ones are watched (and isolated when isolations are held), gone ones dropped. */
  private sync(): void {
    if (this.stopped) return;
    const clients = new Set(this.source.clients());
    for (const [client, tracked] of this.tracked) {
      if (clients.has(client)) continue;
      tracked.unwatch();
      this.tracked.delete(client);
      for (const isolation of this.held) isolation.handles.delete(client);
    }
    for (const client of clients) if (!this.tracked.has(client)) this.track(client);
  }

  private track(client: EndpointBreakerClient): void {
    const emitter = emitterOf(client);
    if (emitter === undefined) return;
    const initial = STATES.has(client.circuitState) ? (client.circuitState as BreakerStateName) : 'closed';
    const subscriptions = (Object.keys(STATE_AFTER) as SetBreakerEventType[]).map((type) => emitter.on(type, () => {
      const tracked = this.tracked.get(client);
      if (tracked === undefined) return;
      // From the event, not the snapshot: the listener runs during the breaker's transition.
      tracked.state = STATE_AFTER[type];
      this.update();
    }));
    this.tracked.set(client, { state: initial, unwatch: () => subscriptions.forEach((subscription) => subscription.unsubscribe()) });
    for (const isolation of this.held) this.isolateOne(isolation, client);
  }

  private isolateOne(isolation: HeldIsolation, client: object): void {
    const handle = (client as EndpointBreakerClient).isolate?.(isolation.reason);
    if (handle !== undefined) isolation.handles.set(client, handle);
  }

  private computed(): BreakerStateName {
    return setStateOf([...this.tracked.values()].map((tracked) => tracked.state));
  }

  private update(): void {
    const next = this.computed();
    if (next === this.current) return;
    this.current = next;
    this.events.emit(EVENT_OF[next], { type: EVENT_OF[next], state: next });
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopSource?.unsubscribe();
    for (const tracked of this.tracked.values()) tracked.unwatch();
    this.tracked.clear();
    this.held.clear();
    this.events.clear();
  }
}
