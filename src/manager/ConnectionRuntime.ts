import type { BreakerState, BreakerStateName } from '../../machines/breaker/types.js';
import type { ConnectionContext, ConnectionEvent, ConnectionInput } from '../../machines/connection/types.js';
import type { ClientType } from '../../machines/types.js';
import { ConnectionServices } from './actors/ConnectionServices.js';
import { connectionLogic } from './connectionLogic.js';
import type { ApiClient, ConnectionHealthStatus } from '../api/ApiClient.js';
import type { ConnectionInstrumentation } from '../metrics/ConnectionInstrumentation.js';
import { createInstrumentation } from '../metrics/createInstrumentation.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { SavedConnectionState } from '../state/types.js';
import { circuitStateOf } from './circuitStateOf.js';
import { ConnectionStateKeeper, connectionSourceOf } from './ConnectionStateKeeper.js';
import { ClientFacade } from './ClientFacade.js';
import { ClientSlots } from './ClientSlots.js';
import { breakerControlsOf } from './clientControls.js';
import { ConnectionIsolations } from './ConnectionIsolations.js';
import { defaultClientFactory } from './defaultClientFactory.js';
import { combineHealthStatus } from './healthStatus.js';
import type { ConnectionManagerHealthStatus } from './healthStatus.js';
import { EndpointDiscovery } from '../endpoints/EndpointDiscovery.js';
import { endpointSetFactory } from './endpointSetFactory.js';
import { describeEndpointSwitch, watchEndpointSwitches } from './watchEndpointSwitches.js';
import type { EndpointSwitchedEvent } from './watchEndpointSwitches.js';
import { ManagedClient } from './ManagedClient.js';
import type { ClientFactory, ConnectionManagerOptions, ResolvedConnectionManagerOptions } from './options.js';
import { resolveConnectionManagerOptions } from './options.js';
import { watchNetworkChanges } from './networkWatch.js';
import { watchBreaker } from './watchBreaker.js';
import { linkSourceOf, watchRecoveries } from './watchLink.js';
import type { LinkSource } from './watchLink.js';

/** Where the runtime sends the breaker's events: the connection actor (`manager.actor`, or a host's child). */
export interface ConnectionTarget {
  send(event: ConnectionEvent): void;
}

/** The connection machine with the runtime's actors and actions provided. */
export type ConnectionLogic = typeof connectionLogic;

/**
 * Everything a connection actor needs besides the actor itself: the clients (current, candidate, draining),
 * the `client` facade, and `machine`, the connection machine with `prepareClient`, `recover`, `healthMonitor`
 * (with its `probe`), `commitClient` and `discardCandidate` provided. The {@link ConnectionManager} runs it in
 * an actor of its own; a host machine can invoke `machine` as a child instead:
 *
 * @example
 * const connection = new ConnectionRuntime({ baseUrl: 'http://localhost:5289' });
 * const host = setup({ actors: { connection: connection.machine } }).createMachine({
 *   invoke: { id: 'connection', src: 'connection', input: () => connection.input() },
 *   on: { 'CONNECTION.STATUS_CHANGED': { actions: ({ event }) => console.log(event.current.link) } },
 * });
 * const actor = createActor(host).start();
 * connection.attach(actor.getSnapshot().children.connection!);
 * await connection.client.getTasks();
 * actor.stop();
 * await connection.dispose();
 */
export class ConnectionRuntime {
  /** The connection machine, implemented: invoke or spawn it, with {@link ConnectionRuntime.input} as input. */
  readonly machine: ConnectionLogic;
  /** Routes every call to the current client; survives swaps. Its `dispose()` disposes this runtime. */
  readonly client: ApiClient;
  /** The options, checked and completed. */
  readonly options: ResolvedConnectionManagerOptions;
  /** Metrics and spans of this connection and its clients (its `metrics` / `tracing` options); undefined when off. */
  readonly instrumentation: ConnectionInstrumentation | undefined;
  /** The isolations held by hand (`ConnectionManager.isolate`), kept across client swaps. */
  readonly isolations: ConnectionIsolations;
  private readonly slots: ClientSlots;
  private readonly createClient: ClientFactory;
  private target: ConnectionTarget | null = null;
  private unwatchBreaker: () => void = () => undefined;
  private unwatchLink: () => void = () => undefined;
  private unwatchNetwork: () => void = () => undefined;
  private unwatchSwitches: () => void = () => undefined;
  private readonly switchListeners = new Set<(event: EndpointSwitchedEvent) => void>();
  private linkSource: LinkSource | undefined;
  private clientHealth: ConnectionHealthStatus | null = null;
  /** The probe the newest candidate passed; it counts as a health check once that candidate is current. */
  private tested: { readonly client: ManagedClient; readonly health: ConnectionHealthStatus; readonly at: number } | null = null;
  /** Every client created and not yet disposed, candidates under test included. */
  private readonly live = new Set<ManagedClient>();
  private disposal: Promise<void> | undefined;
  /** What the machine hands its actors and actions: this runtime's side of them. */
  private readonly services: ConnectionServices;
  /** The `stateFile`: what was restored, and the saves. */
  private readonly state: ConnectionStateKeeper;
  /** Discovery of the servers (`ApiSettings.DiscoveryDomain`), followed by every client; undefined without it. */
  private readonly discovery: EndpointDiscovery | undefined;

  /**
   * Creates the initial client (not tested: the health monitor finds out soon enough, as the original did).
   * @param disposeOwner what `client.dispose()` does; default: this runtime's `dispose()`
   * @throws {@link InvalidArgumentError}, {@link ConfigError}, {@link InvalidMachineSettingsError} for bad options.
   */
  constructor(options: ConnectionManagerOptions, disposeOwner?: () => Promise<void>) {
    this.options = resolveConnectionManagerOptions(options);
    const single = this.options.createClient ?? defaultClientFactory(this.options);
    const set = this.options.endpointSet;
    this.discovery = set === null || set.discovery === null ? undefined : new EndpointDiscovery(set, { now: this.options.now });
    // Several servers: every client is a MultiEndpointClient whose endpoints' clients `single` makes.
    this.createClient = set === null ? single : endpointSetFactory(single, set, this.options, this.discovery);
    // Read before anything is started, so a corrupt file throws with nothing left running.
    this.state = new ConnectionStateKeeper(this.options.stateFile, {
      now: this.options.now,
      log: this.options.log,
      current: () => this.slots.current,
    });
    // Created after the options are checked and before any client, so every client reports to it.
    this.instrumentation = createInstrumentation({ metrics: options.metrics, tracing: options.tracing, nodeId: options.nodeId });
    let initial: ManagedClient;
    try {
      const type = this.state.initialClient(this.options.settings.initialClient);
      initial = this.create(type, this.state.restoredBreaker(type));
    } catch (error) {
      void this.instrumentation?.dispose();
      this.discovery?.stop();
      throw error;
    }
    // Never rejects: a failed lookup keeps the static list.
    void this.discovery?.start();
    this.isolations = new ConnectionIsolations(() => this.slots.current.client, this.options.log);
    this.slots = new ClientSlots(initial, {
      onCommitted: (next, previous) => {
        // First: no call may reach the new client before the isolations held are taken on it.
        this.isolations.moveTo(next.client);
        this.instrumentation?.clientCommitted(previous.type, next.type);
        this.clientHealth = null;
        this.watch(next);
        this.options.log.info(`The ${next.type} client took over; the previous ${previous.type} client is disposed once its ${previous.inFlight} call(s) finish`);
      },
      onDisposeError: (client, error) => this.reportDisposeError(client, error),
    });
    this.client = new ClientFacade(() => this.slots.current, disposeOwner ?? (() => this.dispose()), (operation) => this.isolations.refusal(operation));
    this.machine = connectionLogic;
    this.services = this.createServices();
    this.instrumentation?.watchConnection({
      linkState: () => this.linkSource?.getSnapshot().context.link,
      clientType: () => this.slots.current.type,
      breakerState: () => circuitStateOf(this.slots.current.client),
    });
  }

  /**
   * The input of the connection machine, starting now. The first one also carries the state restored from the
   * `stateFile` (client type, link), with the breaker flag read from the restored client's breaker.
   */
  input(): ConnectionInput {
    const breaker = circuitStateOf(this.slots.current.client);
    const restored = this.state.takeRestoredConnection(this.slots.current.type, breaker !== undefined && breaker !== 'closed');
    return { ...this.options.settings, at: this.options.now(), host: this.services, ...(restored === undefined ? {} : { restored }) };
  }

  /** The state a `stateFile` would hold now (state only, no settings). */
  captureState(): SavedConnectionState {
    return this.state.capture();
  }

  /** Resolves once every automatic save of the `stateFile` asked for so far is on disk (or failed and was logged). */
  flushState(): Promise<void> {
    return this.state.flush();
  }

  /**
   * Writes the state to `file` (default: the `stateFile` option) atomically, and resolves once it is on disk.
   * @throws {@link InvalidArgumentError} without a file; {@link StateFileError} when it cannot be written.
   */
  async saveState(file?: string): Promise<void> {
    const target = file ?? this.options.stateFile;
    if (target === undefined) throw new InvalidArgumentError('saveState', 'file', 'no file given and no stateFile option set');
    await this.state.saveNow(target);
  }

  /** The kind of client calls go to now. */
  get currentClientType(): ClientType {
    return this.slots.current.type;
  }

  /** Calls running on the current client, and clients swapped out that are still finishing theirs. */
  get load(): { readonly inFlight: number; readonly draining: number } {
    return { inFlight: this.slots.current.inFlight, draining: this.slots.drainingCount };
  }

  /** The current client's circuit breaker state; undefined for a client without one (the Standard client). */
  get circuitState(): BreakerStateName | undefined {
    return circuitStateOf(this.slots.current.client);
  }

  /**
   * Resets the current client's circuit breaker (its `resetCircuit()`): closes it, forgetting its failure counts
   * and grown break; isolations held stay in force. Returns false for a client without a breaker.
   */
  resetCircuit(): boolean {
    const controls = breakerControlsOf(this.slots.current.client);
    controls?.resetCircuit();
    return controls !== undefined;
  }

  /** How many times a new client has taken over. */
  get commitCount(): number {
    return this.slots.commitCount;
  }

  /**
   * Sends the current client's breaker transitions (`BREAKER.OPENED` / `BREAKER.CLOSED`) to `target`, the
   * running connection actor; after a swap the new client's breaker is followed. Also sends `CHECK_NOW` when the
   * machine's network addresses change (the `networkWatch` option), so a VPN that came up or went down is seen at
   * once, and once at attach with `checkHealthAtStart`. Returns the detach function.
   */
  attach(target: ConnectionTarget): () => void {
    this.target = target;
    this.watch(this.slots.current);
    this.followLink(target);
    this.watchNetwork();
    const source = connectionSourceOf(target);
    if (source !== undefined) this.state.follow(source);
    if (this.options.checkHealthAtStart) target.send({ type: 'CHECK_NOW', at: this.options.now() });
    return () => {
      if (this.target !== target) return;
      this.target = null;
      this.unwatchBreaker();
      this.unwatchBreaker = () => undefined;
      this.unwatchLink();
      this.unwatchNetwork();
    };
  }

  /**
   * Calls `listener` each time calls move to another server of the set (ordered mode; the current client's
   * selection, followed across swaps once attached); returns the unsubscribe function. Never called for one server.
   */
  onEndpointSwitched(listener: (event: EndpointSwitchedEvent) => void): () => void {
    this.switchListeners.add(listener);
    return () => this.switchListeners.delete(listener);
  }

  /** The seed's health status from the connection's context (null before the first check). */
  healthStatus(context: Pick<ConnectionContext, 'lastHealth' | 'circuitBreakerOpen'>): ConnectionManagerHealthStatus | null {
    // After a recovery or switch, the probe the new client passed is newer than the monitor's last (often failed)
    // check (it ran after that check, so it wins a tie): without it a healthy link would report isHealthy false
    // until the next interval.
    const tested = this.tested;
    if (tested !== null && tested.client === this.slots.current && tested.at >= (context.lastHealth?.at ?? -Infinity)) {
      const { health, at } = tested;
      const probe = { isHealthy: true, responseTimeMs: health.responseTimeMs, at, serverVersion: health.serverVersion };
      return combineHealthStatus(probe, this.clientHealth ?? health, context.circuitBreakerOpen);
    }
    return combineHealthStatus(context.lastHealth, this.clientHealth, context.circuitBreakerOpen);
  }

  /**
   * Disposes every client now (calls still running reject with ClientDisposedError) and stops following the
   * breaker. Stop the connection actor first. Idempotent.
   */
  dispose(): Promise<void> {
    this.disposal ??= (async () => {
      this.target = null;
      this.isolations.clear();
      this.unwatchBreaker();
      this.unwatchLink();
      this.unwatchNetwork();
      this.unwatchSwitches();
      this.switchListeners.clear();
      this.discovery?.stop();
      // Before the clients go: the final save reads the current client's breaker.
      await this.state.close();
      const stragglers = [...this.live].map((client) => client.disposeNow().catch((error: unknown) => this.reportDisposeError(client, error)));
      await Promise.all([this.slots.disposeAll(), ...stragglers]);
      // Last: the clients' final calls are counted before the series go.
      await this.instrumentation?.dispose();
    })();
    return this.disposal;
  }

  /** With instrumentation, the link gauge reads the connection actor and each recovery is counted. */
  private followLink(target: ConnectionTarget): void {
    const instrumentation = this.instrumentation;
    const source = instrumentation === undefined ? undefined : linkSourceOf(target);
    if (instrumentation === undefined || source === undefined) return;
    this.unwatchLink();
    this.linkSource = source;
    const unwatch = watchRecoveries(source, (recovered) => instrumentation.recoveryEnded(recovered));
    this.unwatchLink = () => {
      unwatch();
      this.unwatchLink = () => undefined;
    };
  }

  private watchNetwork(): void {
    this.unwatchNetwork();
    const options = this.options.networkWatch;
    if (options === false) return;
    const stop = watchNetworkChanges(() => {
      const target = this.target;
      if (target === null) return;
      this.options.log.info('The network addresses changed; probing the server now');
      target.send({ type: 'CHECK_NOW', at: this.options.now() });
    }, options);
    this.unwatchNetwork = () => {
      stop();
      this.unwatchNetwork = () => undefined;
    };
  }

  private reportDisposeError(client: ManagedClient, error: unknown): void {
    this.options.log.warn(`Disposing the ${client.type} client failed`, { error });
  }

  private create(type: ClientType, restoredBreaker?: BreakerState): ManagedClient {
    const context = { instrumentation: this.instrumentation, ...(restoredBreaker === undefined ? {} : { restoredBreaker }) };
    const client = this.createClient(type, this.options.baseUrl, context);
    const managed: ManagedClient = new ManagedClient(type, client, () => this.live.delete(managed));
    this.live.add(managed);
    return managed;
  }

  private watch(client: ManagedClient): void {
    this.state.watchClient(client.client);
    this.unwatchSwitches();
    this.unwatchSwitches = watchEndpointSwitches(client.client, (event) => {
      this.options.log.info(describeEndpointSwitch(event));
      for (const listener of this.switchListeners) listener(event);
    });
    this.unwatchBreaker();
    const target = this.target;
    this.unwatchBreaker = target === null
      ? () => undefined
      : watchBreaker(client.client, (change) => target.send({ type: change, at: this.options.now() }));
  }

  private commit(type: ClientType, self: ConnectionTarget): void {
    // A host that invoked the machine without attach() still gets the new client's breaker followed.
    this.target ??= self;
    if (this.slots.commit(type) === null) {
      this.options.log.warn(`No tested ${type} client was waiting to take over; calls stay on the ${this.slots.current.type} client`);
    }
  }

  private createServices(): ConnectionServices {
    return new ConnectionServices({
      create: (type) => this.create(type),
      slots: this.slots,
      now: this.options.now,
      onTested: (client, health) => {
        // Stamped with the connection's clock, as the monitor's checks are: the client may keep another.
        this.tested = { client, health, at: this.options.now() };
      },
      current: () => this.slots.current,
      onHealth: (status, client) => {
        if (client === this.slots.current) this.clientHealth = status;
      },
      commit: (client, self) => this.commit(client, self),
      discard: () => this.slots.discard(),
    });
  }
}
