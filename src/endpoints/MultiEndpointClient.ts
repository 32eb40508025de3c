import { createActor } from 'xstate';
import type { Actor } from 'xstate';
import { endpointSelectionMachine } from '../../machines/endpointSelection.machine.js';
import { isAvailable, selectEndpoint } from '../../machines/endpoints/selectEndpoint.js';
import type { EndpointSpec } from '../../machines/endpoints/types.js';
import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { ApiClient, ConnectionHealthStatus } from '../api/ApiClient.js';
import type { ApiOperationName, OperationArgs, OperationName, OperationResult } from '../api/operations/index.js';
import { ApiClientBase } from '../clients/ApiClientBase.js';
import { EnhancedApiClient } from '../clients/EnhancedApiClient.js';
import { checkIsolationReason } from '../clients/IsolationHandle.js';
import type { IsolationHandle } from '../clients/IsolationHandle.js';
import { BrokenCircuitError } from '../errors/BrokenCircuitError.js';
import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import type { EnhancedApiClientOptions } from '../pipeline/options.js';
import { redactString } from '../util/redact/redactString.js';
import { breakerRefusesNow, breakerRetryAfterMs, watchEndpointBreaker } from './endpointBreaker.js';
import type { EndpointDiscovery } from './EndpointDiscovery.js';
import type { EndpointSet } from './EndpointSet.js';
import { mayTryNextEndpoint } from './failoverRule.js';
import { pinKey } from './pinKey.js';
import { SetBreaker } from './SetBreaker.js';
import { isHedgeable, ReadHedging } from './ReadHedging.js';
import type { HedgeOptions } from './ReadHedging.js';
import { StickyTasks } from './StickyTasks.js';

/**
 * The client of one endpoint: the whole API, plus (as the EnhancedApiClient has them) a `breaker` actor whose
 * `breaker.opened` / `isolated` / `halfOpen` / `closed` events steer the selection, and whether the server is known
 * to honour Idempotency-Key.
 */
export interface EndpointClient extends ApiClient {
  readonly idempotencyKeyHonoured?: boolean;
  /** One call that `signal` aborts (the EnhancedApiClient's): lets a hedged read cancel its losing request. */
  invokeAbortable?<N extends ApiOperationName>(operation: N, args: OperationArgs<N>, signal: AbortSignal): Promise<OperationResult<N>>;
}

/** Options of the {@link MultiEndpointClient}: those of each endpoint's EnhancedApiClient, plus its own. */
export interface MultiEndpointClientOptions extends Omit<EnhancedApiClientOptions, 'restoredBreaker' | 'breakerSnapshot'> {
  /** Makes the client of one endpoint; default `new EnhancedApiClient(url, options)`, each with its own breaker and pool. */
  readonly clientFactory?: (url: string) => EndpointClient;
  /**
   * Discovery to follow (started and stopped by the caller): each list it finds becomes the set, new endpoints get a
   * client, dropped ones are disposed once their calls in flight have ended.
   */
  readonly discovery?: EndpointDiscovery;
  /**
   * Hedged reads ({@link HedgeOptions}), over the set's `HedgeReads` / `HedgeDelayMs`; off by default. Its timer runs
   * on `clock` when one is given.
   */
  readonly hedge?: HedgeOptions;
}

/** The health of one endpoint, as its client reported it. */
export interface EndpointHealth extends ConnectionHealthStatus {
  readonly url: string;
}

/** The set's health: healthy when any endpoint is; `endpoints` says which. */
export interface MultiEndpointHealth extends ConnectionHealthStatus {
  /** Every endpoint's own report, in the set's order (URLs with passwords redacted). */
  readonly endpoints: readonly EndpointHealth[];
  /** The URLs of the healthy ones (passwords redacted). */
  readonly healthyEndpoints: readonly string[];
}

/** The selection actor's type. */
export type EndpointSelectionActor = Actor<typeof endpointSelectionMachine>;

interface Member {
  readonly url: string;
  readonly client: EndpointClient;
  readonly unwatch: () => void;
  inFlight: number;
  /** Dropped by discovery: disposed once `inFlight` is 0. */
  retired: boolean;
}

/**
 * The whole API over several servers ({@link EndpointSet}): one client per endpoint (an EnhancedApiClient each,
 * with its own breaker, pool and retries), and an actor of the endpoint-selection machine, fed by every breaker's
 * changes and by discovery, whose choice (and, for a retry or in balanced mode, whose pure rule over its context
 * and the calls outstanding) picks the endpoint of every call.
 *
 * - A call that fails on its endpoint for the endpoint's sake (breaker refusal, network, timeout, 5xx, full pool)
 *   goes to the next available endpoint when that is safe ({@link mayTryNextEndpoint}): idempotent operations, a
 *   failure proving nothing was sent, or a create call whose key (pinned once for every endpoint) the next server
 *   honours. Otherwise the error (e.g. OutcomeUnknownError) is the call's.
 * - When every endpoint refuses (breakers open) the call fails at once with {@link BrokenCircuitError} naming them.
 * - A task's claim (`updateTaskStatus(id, Running)`, `assignTaskToNode`) and its later status updates stay on the
 *   endpoint that served the claim while it is available ({@link StickyTasks}).
 *
 * @example
 * const api = new MultiEndpointClient(endpointSetFrom(loadSettings().apiSettings));
 * const tasks = await api.getTasks();
 * await api.dispose();
 */
export class MultiEndpointClient extends ApiClientBase {
  /** The first endpoint's URL (the set's primary in ordered mode). */
  readonly baseUrl: string;
  /** The endpoint-selection actor: `selection.getSnapshot().context.choice`, `selection.on('endpoint.switched', ...)`. */
  readonly selection: EndpointSelectionActor;
  private readonly members = new Map<string, Member>();
  private readonly sticky = new StickyTasks();
  private readonly makeClient: (url: string) => EndpointClient;
  private readonly random: () => number;
  private readonly retiring = new Set<Promise<void>>();
  /** Endpoints dropped by discovery, waiting for their calls in flight to end. */
  private readonly draining = new Set<Member>();
  private readonly unfollow: () => void;
  /** Send CALL.STARTED / CALL.ENDED to the selection actor (only with an inspector: see `callOn`). */
  private readonly feedCalls: boolean;
  private disposing: Promise<void> | undefined;
  /** The set seen as one breaker (open only when every endpoint's is), for a ConnectionManager. */
  private readonly setBreaker: SetBreaker;
  /** Undefined when hedging is off: reads then take the plain path. */
  private readonly hedging: ReadHedging | undefined;

  /** @throws {@link InvalidMachineSettingsError} for an empty set or a URL listed twice; the endpoint clients' own errors for a bad URL or option. */
  constructor(set: EndpointSet, options: MultiEndpointClientOptions = {}) {
    const now = options.now ?? Date.now;
    super(now);
    const { clientFactory, discovery, hedge, ...clientOptions } = options;
    // The settings' HedgeReads / HedgeDelayMs, with what the code gives (onHedge, or an override) on top.
    this.hedging = ReadHedging.from(set.hedge === undefined ? hedge : { ...set.hedge, ...hedge }, now, options.clock);
    this.makeClient = clientFactory ?? ((url) => new EnhancedApiClient(url, clientOptions));
    this.random = options.random ?? Math.random;
    this.feedCalls = options.inspect !== undefined;
    this.baseUrl = set.endpoints[0]?.url ?? '';
    this.selection = createActor(endpointSelectionMachine, {
      input: { endpoints: set.endpoints, mode: set.selection, holdDownMs: set.failbackHoldDownMs, at: now(), random: this.random },
      // Only when given: `clock: undefined` would replace XState's own clock, and the first hold-down would throw.
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      inspect: options.inspect,
    });
    this.selection.start();
    try {
      for (const endpoint of set.endpoints) this.join(endpoint.url);
    } catch (error) {
      // A client that could not be made (a bad URL): leave nothing running behind the throw.
      void this.dispose();
      throw error;
    }
    this.setBreaker = new SetBreaker({
      // The selection's list, not `members`: discovery retires dropped endpoints only after the selection took the list.
      clients: () => this.endpoints.flatMap((url) => this.members.get(url)?.client ?? []),
      subscribe: (observer) => this.selection.subscribe(observer),
    });
    this.unfollow = discovery?.on('endpoints.discovered', ({ endpoints, at }) => this.follow(endpoints, at)) ?? (() => undefined);
  }

  /** The endpoints' URLs now, in the set's order. */
  get endpoints(): readonly string[] {
    return this.selection.getSnapshot().context.endpoints.map((endpoint) => endpoint.url);
  }

  /** Where the next call goes now, or null when no endpoint is available. */
  get currentEndpoint(): string | null {
    const { choice } = this.selection.getSnapshot().context;
    return choice.kind === 'endpoint' ? choice.url : null;
  }

  /** The client of one endpoint (for its breaker, isolation, metrics), or undefined for a URL not in the set. */
  clientOf(url: string): EndpointClient | undefined {
    return this.members.get(url)?.client;
  }

  /**
   * The set as one breaker (open only when every endpoint's breaker refuses calls, closed while any is closed:
   * {@link SetBreaker}), with the breaker event names (`breaker.opened`, ...); undefined when the endpoints' clients
   * have no breaker (StandardApiClients).
   */
  get breaker(): SetBreaker | undefined {
    return this.setBreaker.hasBreakers ? this.setBreaker : undefined;
  }

  /**
   * True when every endpoint's server is known to honour Idempotency-Key (each client's own `idempotencyKeyHonoured`):
   * a caller that repeats a write after an unknown outcome (the outbox, through a ConnectionManager) cannot know
   * which endpoint the repeat reaches, so one server that does not honour keys makes the set not honour them.
   */
  get idempotencyKeyHonoured(): boolean {
    const members = [...this.members.values()];
    return members.length > 0 && members.every((member) => member.client.idempotencyKeyHonoured === true);
  }

  /** The set's breaker state (see {@link MultiEndpointClient.breaker}); undefined when the endpoints have no breaker. */
  get circuitState(): BreakerStateName | undefined {
    return this.breaker?.state;
  }

  /**
   * Isolates every endpoint's breaker (those discovery adds meanwhile too) until the handle is disposed: every call
   * is then refused at once with BrokenCircuitError naming the endpoints. Endpoints without a breaker are not
   * isolated. After dispose it returns an inactive handle.
   * @throws {@link InvalidArgumentError} for a reason that is not one line of 1 to 200 characters.
   */
  isolate(reason?: string): IsolationHandle {
    const text = checkIsolationReason('isolate', reason);
    return this.setBreaker.isolate(text);
  }

  /** Resets every endpoint's breaker (isolations held stay in force). */
  resetCircuit(): void {
    this.setBreaker.resetCircuit();
  }

  /** True when at least one endpoint answers `GET api/health` now. Never throws. */
  async testConnection(): Promise<boolean> {
    return (await this.getConnectionHealth()).isHealthy;
  }

  /**
   * Probes every endpoint at once and reports the set: healthy when any endpoint is (`healthyEndpoints` says which,
   * `endpoints` has each one's report); `responseTimeMs` and `serverVersion` are those of the first healthy endpoint
   * in the set's order; `circuitBreakerOpen` when every endpoint's breaker is; `failureCount` the sum; `lastError`
   * names each unhealthy endpoint and its error. Never throws.
   */
  async getConnectionHealth(): Promise<MultiEndpointHealth> {
    const members = [...this.members.values()].filter((member) => !member.retired);
    const reports = await Promise.all(members.map(async (member): Promise<EndpointHealth> => ({
      ...(await member.client.getConnectionHealth()),
      url: redactString(member.url),
    })));
    this.noteHealth(members, reports);
    const healthy = reports.filter((report) => report.isHealthy);
    const first = healthy[0];
    const problems = reports.filter((report) => !report.isHealthy).map((report) => `${report.url}: ${report.lastError ?? 'unhealthy'}`);
    return {
      isHealthy: first !== undefined,
      responseTimeMs: first?.responseTimeMs ?? Math.max(0, ...reports.map((report) => report.responseTimeMs)),
      lastError: problems.length === 0 ? null : problems.join('; '),
      lastChecked: Math.max(this.now(), ...reports.map((report) => report.lastChecked)),
      circuitBreakerOpen: reports.length > 0 && reports.every((report) => report.circuitBreakerOpen),
      failureCount: reports.reduce((sum, report) => sum + report.failureCount, 0),
      serverVersion: first?.serverVersion ?? '',
      endpoints: reports,
      healthyEndpoints: healthy.map((report) => report.url),
    };
  }

  /**
   * Rejects every call in flight with ClientDisposedError, disposes every endpoint's client (those dropped by
   * discovery included), stops the selection actor and stops following discovery. Idempotent.
   */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      this.unfollow();
      // Endpoints dropped by discovery whose calls still run are disposed now too: their calls end with the client.
      const members = [...this.members.values(), ...this.draining];
      this.members.clear();
      this.draining.clear();
      for (const member of members) member.unwatch();
      this.selection.stop();
      await Promise.all([...members.map((member) => member.client.dispose()), ...this.retiring]);
    })();
    return this.disposing;
  }

  protected async invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
    if (this.disposing !== undefined) throw new ClientDisposedError(operation);
    const { args: sent, pinned } = pinKey(operation, args);
    const stickTo = this.sticky.endpointFor(operation, sent);
    let tried: string[] | undefined;
    let member = this.next(tried, stickTo);
    if (member === undefined) throw this.refusal(operation);
    // True while every endpoint tried refused the call at once: when none is left, that is the set refusing.
    let refusedOnly = true;
    for (;;) {
      try {
        const answer = tried === undefined && this.hedging !== undefined && isHedgeable(operation)
          ? await this.hedgedRead(this.hedging, member, operation, sent, (url) => (tried ??= []).push(url))
          : await this.callOn(member, operation, sent);
        this.sticky.served(operation, sent, member.url, answer);
        return answer;
      } catch (error) {
        (tried ??= []).push(member.url);
        refusedOnly &&= error instanceof BrokenCircuitError;
        const next = this.next(tried, stickTo);
        const safe = mayTryNextEndpoint(operation, error, {
          pinnedKey: pinned,
          failedHonoured: member.client.idempotencyKeyHonoured === true,
          nextHonoured: next?.client.idempotencyKeyHonoured === true,
        });
        if (!safe) throw error;
        if (next === undefined) throw refusedOnly ? this.refusal(operation) : error;
        member = next;
      }
    }
  }

  /**
   * One call on one endpoint, counted as outstanding there while it runs. The counts stay in the client: a pair of
   * `CALL.STARTED` / `CALL.ENDED` events costs the actor some 15-50 µs (XState's send, assign and emit), more than
   * the 2 % of a loopback call the selection may take; balanced mode merges them into the same pure rule
   * ({@link MultiEndpointClient.next}). With an inspector attached (the visualizer) the events are sent too, so
   * the machine shows the load.
   */
  private async callOn<N extends OperationName>(member: Member, operation: N, args: OperationArgs<N>, signal?: AbortSignal): Promise<OperationResult<N>> {
    const { url } = member;
    member.inFlight += 1;
    if (this.feedCalls) this.selection.send({ type: 'CALL.STARTED', url, at: this.now() });
    try {
      const method = (member.client as unknown as Record<N, (...callArgs: OperationArgs<N>) => Promise<OperationResult<N>>>)[operation];
      // A hedged leg: its own signal, so the loser's request is destroyed (a client without the method just finishes it).
      if (signal !== undefined && member.client.invokeAbortable !== undefined) {
        return await member.client.invokeAbortable(operation as ApiOperationName, args, signal);
      }
      return await method.apply(member.client, args);
    } finally {
      member.inFlight -= 1;
      // After dispose the actor is stopped: nothing more to tell it.
      if (this.feedCalls && this.disposing === undefined) this.selection.send({ type: 'CALL.ENDED', url, at: this.now() });
      if (member.retired && member.inFlight === 0 && this.draining.delete(member)) this.retire(member);
    }
  }

  /**
   * A read's first try, hedged ({@link ReadHedging}): after the first endpoint's delay the read also goes to the
   * next available one (`onHedged` marks it tried); the first answer wins, the other request is aborted.
   */
  private hedgedRead<N extends OperationName>(
    hedging: ReadHedging, first: Member, operation: N, args: OperationArgs<N>, onHedged: (url: string) => void,
  ): Promise<OperationResult<N>> {
    let hedge: Member | undefined;
    return hedging.run(operation, {
      primary: first.url,
      send: (url, signal) => this.callOn((url === first.url ? first : hedge) ?? first, operation, args, signal),
      second: () => {
        hedge = this.disposing === undefined ? this.next([first.url], undefined) : undefined;
        return hedge?.url;
      },
      hedged: onHedged,
    });
  }

  /**
   * The endpoint for the next try: the task's sticky endpoint while it is available and untried; else, in ordered
   * mode, the selection's choice on the first try; else {@link selectEndpoint} (the machine's own pure rule) over
   * the untried endpoints as the actor knows them (availability, hold-downs, priorities, weights), with this
   * client's outstanding calls in balanced mode.
   */
  private next(tried: readonly string[] | undefined, stickTo: string | undefined): Member | undefined {
    const context = this.selection.getSnapshot().context;
    if (stickTo !== undefined && tried?.includes(stickTo) !== true) {
      const status = context.endpoints.find((endpoint) => endpoint.url === stickTo);
      if (status !== undefined && isAvailable(status)) return this.members.get(stickTo);
    }
    let { choice } = context;
    if (tried !== undefined || context.mode === 'balanced') {
      const untried = tried === undefined ? context.endpoints : context.endpoints.filter((endpoint) => !tried.includes(endpoint.url));
      if (untried.length === 0) return undefined;
      const endpoints = context.mode === 'balanced'
        ? untried.map((endpoint) => ({ ...endpoint, outstanding: this.members.get(endpoint.url)?.inFlight ?? 0 }))
        : untried;
      choice = selectEndpoint({ mode: context.mode, now: context.now, endpoints }, this.random);
    }
    return choice.kind === 'endpoint' ? this.members.get(choice.url) : undefined;
  }

  /**
   * Feeds each probe to the selection, so calls avoid an endpoint that failed its health check although its
   * breaker is closed (no call failed there yet) until a later probe finds it healthy. A failed probe of an
   * endpoint whose breaker refuses is not fed: its breaker already keeps calls off, and its half-open probe call
   * must still reach it.
   */
  private noteHealth(members: readonly Member[], reports: readonly EndpointHealth[]): void {
    if (this.disposing !== undefined) return;
    const at = this.now();
    members.forEach((member, index) => {
      const healthy = reports[index]?.isHealthy === true;
      if (!healthy && breakerRefusesNow(member.client)) return;
      if (!this.members.has(member.url)) return;
      this.selection.send({ type: healthy ? 'ENDPOINT.HEALTHY' : 'ENDPOINT.UNHEALTHY', url: member.url, at });
    });
  }

  /** Every endpoint refuses: BrokenCircuitError naming them, with the soonest any breaker lets a probe through. */
  private refusal(operation: string): BrokenCircuitError {
    const now = this.now();
    const members = [...this.members.values()].filter((member) => !member.retired);
    const waits = members.map((member) => breakerRetryAfterMs(member.client, now)).filter((ms) => ms > 0);
    return new BrokenCircuitError(waits.length === 0 ? 0 : Math.min(...waits), operation, members.map((member) => member.url));
  }

  /** Makes the client of a new endpoint and feeds its breaker's changes to the selection. */
  private join(url: string): void {
    const client = this.makeClient(url);
    const report = (open: boolean) => {
      this.selection.send({ type: open ? 'ENDPOINT.BREAKER_OPENED' : 'ENDPOINT.BREAKER_CLOSED', url, at: this.now() });
    };
    const member: Member = { url, client, unwatch: watchEndpointBreaker(client, report), inFlight: 0, retired: false };
    this.members.set(url, member);
    if (breakerRefusesNow(client)) report(true);
  }

  /** Discovery's list becomes the set: new endpoints join, dropped ones retire. */
  private follow(endpoints: readonly EndpointSpec[], at: number): void {
    if (this.disposing !== undefined || endpoints.length === 0) return;
    const urls = new Set(endpoints.map((endpoint) => endpoint.url));
    for (const url of urls) if (!this.members.has(url)) this.join(url);
    this.selection.send({ type: 'ENDPOINTS.DISCOVERED', endpoints, at });
    for (const member of [...this.members.values()]) {
      if (urls.has(member.url)) continue;
      this.members.delete(member.url);
      this.sticky.forgetEndpoint(member.url);
      this.hedging?.forget(member.url);
      member.retired = true;
      if (member.inFlight === 0) this.retire(member);
      else this.draining.add(member);
    }
  }

  /** Disposes a dropped endpoint's client (its calls have ended); dispose() waits for it. */
  private retire(member: Member): void {
    member.unwatch();
    const done = member.client.dispose().finally(() => this.retiring.delete(done));
    this.retiring.add(done);
  }
}
