import type { ActorOptions, AnyActorLogic, Snapshot } from 'xstate';
import type { BreakerState } from '../../machines/breaker/types.js';
import type { RandomSource } from '../../machines/random.js';
import type { ConnectionOptions } from '../config/types.js';
import type { TlsOptions } from '../http/ConnectionPool.js';
import type { Instrumentation } from '../metrics/types.js';
import type { ClientLogger } from '../logging/ClientLogger.js';

/** An XState clock (`SimulatedClock` in tests). */
export type ActorClock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;
/** An XState inspection observer (`@statelyai/inspect`, or a function). */
export type ActorInspector = NonNullable<ActorOptions<AnyActorLogic>['inspect']>;

/** Options of the {@link EnhancedApiClient}; every one has a default. */
export interface EnhancedApiClientOptions {
  /** The `Connection` settings; missing keys take the seed's defaults. Parsed with `parseConnectionOptions`. */
  connection?: Partial<ConnectionOptions>;
  /** Where retries are logged (warn) and refusals (debug). Also receives config warnings. Default: nowhere. */
  logger?: ClientLogger;
  /** The client's clock, epoch ms: stamps breaker events, deadlines and health checks. Default `Date.now`. */
  now?: () => number;
  /** Uniform [0, 1) source for the retry jitter. Default `Math.random`. */
  random?: RandomSource;
  /** Trusted CA, client certificate, verification, for an https base URL. */
  tls?: TlsOptions;
  /** Headers sent on every request (e.g. `Authorization`). */
  headers?: Readonly<Record<string, string>>;
  /**
   * XState clock for the breaker's break and the retry delays and attempt timeouts. Tests pass a `SimulatedClock`
   * (with `now` bound to it); default the real clock.
   */
  clock?: ActorClock;
  /** Inspection observer passed to the breaker actor and to every retry actor, for the visualizer. */
  inspect?: ActorInspector;
  /**
   * A breaker state saved with `client.breakerState()` (e.g. before a restart), to resume from: the breaker starts
   * in that state with this client's (current) settings, an open break re-armed for what is left of it from the
   * wall-clock `openedAt`. See README "State across restarts".
   */
  restoredBreaker?: BreakerState;
  /**
   * A breaker snapshot saved with `client.breaker.getPersistedSnapshot()`: only its state is taken, as with
   * `restoredBreaker` (the settings it was saved with are not). Prefer `restoredBreaker`.
   */
  breakerSnapshot?: Snapshot<unknown>;
  /**
   * The breaker actor's id, as an inspector (the visualizer) names it: lets several breakers be told apart, e.g.
   * one per endpoint of a set (`circuitBreaker http://vc2:5289`). Default: XState's own (the card reads
   * `circuitBreaker`).
   */
  breakerId?: string;
  /**
   * Metrics and spans of this client's calls, attempts, breaker transitions and health checks: build it with
   * `createInstrumentation({ metrics, tracing, nodeId })` (one may serve several clients; dispose it to remove its
   * series). Default none: a call then pays one `undefined` check.
   */
  instrumentation?: Instrumentation;
  /**
   * Give each `BrokenCircuitError` a stack trace. Default false: a refusal is built without one, as capturing it
   * costs more than the rest of the refusal (2-3 µs) and would only show where the call was made; turn it on
   * while debugging where refused calls come from.
   */
  refusalStackTraces?: boolean;
}
