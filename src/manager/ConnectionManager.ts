import { createActor } from 'xstate';
import type { Actor } from 'xstate';
import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { ConnectionContext, ConnectionEvent, ConnectionStatus, LinkState } from '../../machines/connection/types.js';
import type { ClientType } from '../../machines/types.js';
import type { ApiClient } from '../api/ApiClient.js';
import { checkIsolationReason, isolationHandle } from '../clients/IsolationHandle.js';
import type { IsolationHandle } from '../clients/IsolationHandle.js';
import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import type { LinkStatus } from '../api/LinkStatus.js';
import type { SavedConnectionState } from '../state/types.js';
import { TypedEmitter } from '../util/TypedEmitter.js';
import { ConnectionRuntime } from './ConnectionRuntime.js';
import type { ConnectionLogic } from './ConnectionRuntime.js';
import type { ConnectionManagerEvents } from './events.js';
import type { ConnectionManagerHealthStatus } from './healthStatus.js';
import { describeEndpointSwitch } from './watchEndpointSwitches.js';
import type { ConnectionInspector, ConnectionManagerOptions } from './options.js';

type PrepareKind = ClientType | 'recreate';

function prepareEvent(kind: PrepareKind, at: number): ConnectionEvent {
  switch (kind) {
    case 'enhanced': return { type: 'SWITCH_TO_ENHANCED', at };
    case 'standard': return { type: 'SWITCH_TO_STANDARD', at };
    case 'recreate': return { type: 'RECREATE', at };
  }
}

const prepareMethods: Readonly<Record<PrepareKind, string>> = {
  enhanced: 'switchToEnhancedClient',
  standard: 'switchToStandardClient',
  recreate: 'recreateConnection',
};

function isUpLink(link: LinkState): boolean {
  return link === 'healthy' || link === 'degraded';
}

function describe(status: ConnectionStatus): string {
  return `${status.client}/${status.link}${status.circuitBreakerOpen ? ' (breaker open)' : ''}`;
}

/**
 * The seed's ConnectionManager: one XState actor system rooted at the connection machine (client region x link
 * region, with its health monitor), a {@link ConnectionManager.client} facade that always routes to the current
 * client, manual switching that tests the new client before it takes over, and automatic recovery.
 * Implements {@link LinkStatus}, so a TaskExecutionService can follow the link through it.
 *
 * Over several servers (`apiSettings.baseUrls` / `endpoints` naming more than one, or `discoveryDomain`) each client
 * is a MultiEndpointClient over the set: the link, `circuitState`, `isolate` and `reset` are the set's (open only
 * when every endpoint refuses calls), `lastHealthStatus.endpoints` has each endpoint's report, and
 * `endpointSwitched` tells when calls move to another server.
 *
 * @example
 * const manager = new ConnectionManager({ baseUrl: 'http://localhost:5289', connection: settings.connection, logger });
 * manager.on('statusChanged', ({ previous, current }) => console.log(`${previous.client}/${previous.link} -> ${current.client}/${current.link}`));
 * manager.on('message', ({ text }) => console.log(text));
 * const tasks = await manager.client.getTasks();
 * await manager.switchToStandardClient(); // true once the Standard client passed its test and took over
 * await manager.dispose();
 */
export class ConnectionManager implements LinkStatus {
  /** The root actor (the connection machine): inspect it, read its snapshot, send it events. */
  readonly actor: Actor<ConnectionLogic>;
  /** Routes every call to the current client and survives swaps; `client.dispose()` disposes the manager. */
  readonly client: ApiClient;
  private readonly runtime: ConnectionRuntime;
  private readonly events: TypedEmitter<ConnectionManagerEvents>;
  private readonly lifetime = new AbortController();
  private readonly detach: () => void;
  private preparing: { readonly kind: PrepareKind; readonly result: Promise<boolean> } | null = null;
  private recovering: Promise<boolean> | null = null;
  private disposal: Promise<void> | undefined;

  /**
   * Creates the initial client (Enhanced unless `useEnhancedClient` is false) and starts the actor system; the
   * health monitor probes after `HealthCheckIntervalMinutes`.
   * @throws {@link InvalidArgumentError} for a missing or non-http(s) `baseUrl`.
   * @throws {@link ConfigError} for a bad `connection` value, or a bad endpoint list in `apiSettings`.
   * @throws {@link InvalidMachineSettingsError} for a bad `apiSettings` value.
   * @throws {@link StateFileError} naming the `stateFile` when it exists but is corrupt, foreign or unreadable.
   */
  constructor(options: ConnectionManagerOptions) {
    this.runtime = new ConnectionRuntime(options, () => this.dispose());
    const { clock, inspect, log } = this.runtime.options;
    this.client = this.runtime.client;
    this.events = new TypedEmitter((name, error) => log.error(`A ${String(name)} listener threw`, { error }));
    this.actor = createActor(this.runtime.machine, {
      input: this.runtime.input(),
      ...(clock === undefined ? {} : { clock }),
      ...(inspect === undefined ? {} : { inspect }),
    });
    this.actor.on('statusChanged', ({ previous, current, timestamp }) => {
      log.info(`Connection status changed: ${describe(previous)} -> ${describe(current)}`);
      this.events.emit('statusChanged', { previous, current, timestamp });
    });
    this.actor.on('message', ({ text, at }) => {
      log.info(text);
      this.events.emit('message', { text, at });
    });
    // Logged by the runtime already.
    this.runtime.onEndpointSwitched((event) => {
      this.events.emit('endpointSwitched', event);
      this.events.emit('message', { text: describeEndpointSwitch(event), at: event.at });
    });
    this.actor.start();
    this.detach = this.runtime.attach(this.actor);
  }

  /** The kind of client calls go to now. */
  get currentClientType(): ClientType {
    return this.runtime.currentClientType;
  }

  /** The connection's status as `statusChanged` last reported it. */
  get status(): ConnectionStatus {
    return this.actor.getSnapshot().context.status;
  }

  /**
   * The inspection observer the manager was given (`inspect`), or undefined: a component built on the manager (an
   * OfflineClient) hands it to its own actors, so they show in the visualizer beside the manager's.
   */
  get inspect(): ConnectionInspector | undefined {
    return this.runtime.options.inspect;
  }

  /**
   * The seed's ConnectionHealthStatus: the last health check (timed-out ones included) with the current client's
   * failure count and breaker state. Null before the first check. Over several servers it is the set's (healthy
   * when any endpoint is) with each endpoint's report in `endpoints`.
   */
  get lastHealthStatus(): ConnectionManagerHealthStatus | null {
    return this.runtime.healthStatus(this.actor.getSnapshot().context);
  }

  /**
   * The connection's state as a `stateFile` holds it: the link, the client type, the current client's breaker
   * (state only, never settings). For a host that keeps it elsewhere than in a file.
   */
  captureState(): SavedConnectionState {
    return this.runtime.captureState();
  }

  /**
   * Writes the state to `file` (default: the `stateFile` option) now, atomically, and resolves once it is on disk.
   * With `stateFile` the manager also saves by itself on every transition and at `dispose()`.
   * @throws {@link InvalidArgumentError} without a file; {@link StateFileError} naming the file when it cannot be written.
   */
  saveState(file?: string): Promise<void> {
    return this.runtime.saveState(file);
  }

  /**
   * Resolves once every automatic save of the `stateFile` asked for so far (one per breaker or link transition,
   * coalesced) is on disk, or has failed and been logged. Never rejects.
   */
  flushState(): Promise<void> {
    return this.runtime.flushState();
  }

  /** The current client's circuit breaker state; undefined for a client without one (the Standard client). */
  get circuitState(): BreakerStateName | undefined {
    return this.runtime.circuitState;
  }

  /** The reasons of the isolations held now (see {@link ConnectionManager.isolate}), oldest first. */
  get isolations(): readonly string[] {
    return this.runtime.isolations.reasons;
  }

  /**
   * Isolates the connection by hand until the returned handle is disposed: every API call is refused at once with
   * BrokenCircuitError (health probes still go out, so `lastHealthStatus` stays the server's answer). Isolations
   * stack: while any handle is held the circuit stays isolated, and the last one disposed closes it (failure
   * counts forgotten). Disposing a handle twice does nothing; {@link ConnectionManager.reset} never ends one.
   * The isolation is the current client's breaker's (so the link reads `degraded`, the breaker `isolated` in the
   * metrics and the visualizer) and moves to every client that takes over while it is held; with the Standard
   * client, which has no breaker, the manager refuses the calls itself. The reason is logged.
   * After `dispose()` it returns an inactive handle.
   * @param reason why, e.g. `server maintenance until 14:00` (default `isolated by hand`).
   * @throws {@link InvalidArgumentError} for a reason that is not one line of 1 to 200 characters.
   */
  isolate(reason?: string): IsolationHandle {
    const text = checkIsolationReason('ConnectionManager.isolate', reason);
    if (this.disposal !== undefined) {
      const inert = isolationHandle(text, () => undefined);
      inert.dispose();
      return inert;
    }
    return this.runtime.isolations.isolate(text);
  }

  /**
   * Resets the current client's circuit breaker: closes it at once, forgetting its failure counts and its grown
   * break. Isolations held stay in force (the counts are forgotten, the circuit stays isolated until every handle
   * is disposed), as in Polly's and cockatiel's manual control, so one caller's reset never lets calls through
   * another's isolation. Does nothing with the Standard client (no breaker) or after `dispose()`.
   */
  reset(): void {
    if (this.disposal !== undefined) return;
    if (!this.runtime.resetCircuit()) return;
    const held = this.runtime.isolations.count;
    this.runtime.options.log.info(held === 0 ? 'Circuit reset by hand' : `Circuit reset by hand; it stays isolated while ${held} isolation(s) are held`);
  }

  /**
   * Probes health now rather than at the next interval (`CHECK_NOW` to the connection machine, which passes it to
   * its health monitor) and resolves with the resulting {@link ConnectionManager.lastHealthStatus}. A probe already
   * running is joined rather than doubled. The probe is the monitor's own: it moves the link as any check does,
   * and it is counted in the metrics (`vcconn_health_check_duration_seconds`) like the others.
   * @throws {@link ClientDisposedError} after `dispose()`, or when the manager is disposed before the probe ends.
   */
  async checkHealthNow(): Promise<ConnectionManagerHealthStatus> {
    if (this.disposal !== undefined) throw new ClientDisposedError('checkHealthNow');
    const before = this.actor.getSnapshot().context.lastHealth;
    const checked = this.whenContext((context) => context.lastHealth !== before);
    this.actor.send({ type: 'CHECK_NOW', at: this.runtime.options.now() });
    const context = await checked;
    const status = context === null ? null : this.runtime.healthStatus(context);
    if (status === null) throw new ClientDisposedError('checkHealthNow');
    return status;
  }

  /** Subscribes to `statusChanged`, `message` or `endpointSwitched`; returns the unsubscribe function. */
  on<K extends keyof ConnectionManagerEvents>(name: K, listener: (event: ConnectionManagerEvents[K]) => void): () => void {
    return this.events.on(name, listener);
  }

  /** True while the link is healthy or degraded (calls are expected to get through); false after `dispose()`. */
  isUp(): boolean {
    return this.disposal === undefined && isUpLink(this.actor.getSnapshot().context.link);
  }

  /** Calls `listener` each time {@link ConnectionManager.isUp} changes; returns the unsubscribe function. */
  onChange(listener: (up: boolean) => void): () => void {
    let up = this.isUp();
    return this.events.on('statusChanged', ({ current }) => {
      const now = isUpLink(current.link);
      if (now === up) return;
      up = now;
      listener(now);
    });
  }

  /**
   * Switches to the Enhanced client: a new one is created and tested first; it takes over only if the test
   * passes, and the Standard client is disposed once its calls have finished.
   * Resolves true when the Enhanced client is in use afterwards (it already was, or it took over); false when
   * its test failed (the Standard client stays) or a recovery is running.
   * @throws {@link ClientDisposedError} after `dispose()`.
   */
  switchToEnhancedClient(): Promise<boolean> {
    return this.prepare('enhanced');
  }

  /** As {@link ConnectionManager.switchToEnhancedClient}, to the Standard client. */
  switchToStandardClient(): Promise<boolean> {
    return this.prepare('standard');
  }

  /**
   * Replaces the current client with a fresh one of the same kind, tested first. Resolves true when the new
   * client took over, false when its test failed (the current one stays) or a recovery is running.
   * @throws {@link ClientDisposedError} after `dispose()`.
   */
  recreateConnection(): Promise<boolean> {
    return this.prepare('recreate');
  }

  /**
   * Recovers the link now (recreate the current kind of client, else the other kind), or joins the recovery
   * already running: there is never more than one. Resolves true when the link is up afterwards (it already was
   * healthy, or recovery or returning health brought it back), false when it is offline or a switch is running.
   * @throws {@link ClientDisposedError} after `dispose()`.
   */
  tryAutoRecoverConnection(): Promise<boolean> {
    if (this.disposal !== undefined) return Promise.reject(new ClientDisposedError('tryAutoRecoverConnection'));
    if (this.recovering === null) {
      const recovery = this.recover().finally(() => {
        if (this.recovering === recovery) this.recovering = null;
      });
      this.recovering = recovery;
    }
    return this.recovering;
  }

  /**
   * Stops every actor (health monitor, any switch or recovery in progress), disposes every client (calls still
   * running reject with ClientDisposedError) and drops all listeners. Pending switch and recovery promises resolve
   * false. Idempotent.
   */
  dispose(): Promise<void> {
    this.disposal ??= (async () => {
      this.lifetime.abort();
      this.detach();
      this.actor.stop();
      await this.runtime.dispose();
      this.events.clear();
    })();
    return this.disposal;
  }

  private prepare(kind: PrepareKind): Promise<boolean> {
    if (this.disposal !== undefined) return Promise.reject(new ClientDisposedError(prepareMethods[kind]));
    const running = this.preparing;
    if (running !== null) {
      // The same request joins the running one; another waits for it, so one client is prepared at a time.
      return running.kind === kind ? running.result : running.result.then(() => this.prepare(kind));
    }
    const result = this.runPrepare(kind).finally(() => {
      if (this.preparing?.result === result) this.preparing = null;
    });
    this.preparing = { kind, result };
    return result;
  }

  private async runPrepare(kind: PrepareKind): Promise<boolean> {
    // Listening before the event is sent: the machine reports the outcome (`clientPrepared`) of the prepare it starts.
    const outcome = this.whenPrepared();
    this.actor.send(prepareEvent(kind, this.runtime.options.now()));
    const started = this.actor.getSnapshot().context;
    if (started.candidate === null) {
      outcome.cancel();
      // Not started: a recovery is running, or the client asked for is in use already.
      return kind !== 'recreate' && started.link !== 'recovering' && this.currentClientType === kind;
    }
    return (await outcome.committed) === true;
  }

  /**
   * Whether the next prepare the machine reports was committed; null when the manager is disposed (or the actor
   * stops) first. `cancel()` stops listening when no prepare started.
   */
  private whenPrepared(): { readonly committed: Promise<boolean | null>; cancel(): void } {
    let resolveCommitted: (value: boolean | null) => void = () => undefined;
    const committed = new Promise<boolean | null>((resolve) => {
      resolveCommitted = resolve;
    });
    const finish = (value: boolean | null): void => {
      reported.unsubscribe();
      stopped.unsubscribe();
      this.lifetime.signal.removeEventListener('abort', onAbort);
      resolveCommitted(value);
    };
    const onAbort = (): void => finish(null);
    const reported = this.actor.on('clientPrepared', (event) => finish(event.committed));
    const stopped = this.actor.subscribe({ complete: () => finish(null), error: () => finish(null) });
    this.lifetime.signal.addEventListener('abort', onAbort, { once: true });
    return { committed, cancel: () => finish(null) };
  }

  private async recover(): Promise<boolean> {
    this.actor.send({ type: 'RECOVER', at: this.runtime.options.now() });
    const { link } = this.actor.getSnapshot().context;
    // Not recovering: healthy already (nothing to do), or refused because a switch is preparing a client.
    if (link !== 'recovering') return link === 'healthy';
    const settled = await this.whenContext((context) => context.link !== 'recovering');
    return settled !== null && isUpLink(settled.link);
  }

  /** The first context that satisfies `done`, or null when the manager is disposed (or the actor stops) first. */
  private whenContext(done: (context: ConnectionContext) => boolean): Promise<ConnectionContext | null> {
    return new Promise((resolve) => {
      let finished = false;
      const finish = (context: ConnectionContext | null): void => {
        if (finished) return;
        finished = true;
        subscription.unsubscribe();
        this.lifetime.signal.removeEventListener('abort', onAbort);
        resolve(context);
      };
      const onAbort = (): void => finish(null);
      const subscription = this.actor.subscribe({
        next: (snapshot) => {
          if (done(snapshot.context)) finish(snapshot.context);
        },
        complete: () => finish(null),
        error: () => finish(null),
      });
      this.lifetime.signal.addEventListener('abort', onAbort, { once: true });
      const now = this.actor.getSnapshot().context;
      if (this.lifetime.signal.aborted) finish(null);
      else if (done(now)) finish(now);
    });
  }
}
