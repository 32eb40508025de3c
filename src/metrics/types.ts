import type { HedgeReport } from './hedgeMetricNames.js';
import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { CallFailure, ClientType } from '../../machines/types.js';
import type { ActorRefFrom } from 'xstate';
import type { circuitBreakerMachine } from '../../machines/circuitBreaker.machine.js';
import type { OperationName } from '../api/operations/index.js';
import type { TraceHeaderSource } from '../http/TraceHeaderSource.js';

/** How one attempt ended, as a client reports it: an `AttemptOutcome` fits as it is. */
export type AttemptReport =
  | { readonly ok: true }
  | { readonly ok: false; readonly failure: CallFailure; readonly error: { readonly code: string } };

/**
 * One call being observed (metrics and/or a span). A client reports every attempt, then exactly one of
 * `succeeded` / `failed`.
 */
export interface CallObservation {
  /**
   * The call span's context for every attempt's headers (`traceparent`, `tracestate`, through the propagator the
   * host registered); undefined when tracing is off.
   */
  readonly traceHeaders?: TraceHeaderSource | undefined;
  /**
   * An attempt ended. A retry the breaker refused before sending is reported too, with its BrokenCircuitError.
   * @param attempt 1-based attempt number
   * @param delayMs the wait before this attempt (0 for the first)
   */
  attempt(attempt: number, delayMs: number, report: AttemptReport): void;
  succeeded(): void;
  /** The call rejected with `error` (a BrokenCircuitError before any attempt included). */
  failed(error: unknown): void;
}

/** What a client tells its observer about itself, once, when it is created. */
export interface InstrumentedClient {
  readonly type: ClientType;
  readonly baseUrl: string;
  /** The client's breaker actor (the Enhanced client's); its transitions are counted. */
  readonly breaker?: ActorRefFrom<typeof circuitBreakerMachine>;
  /** The breaker's state now, or undefined for a client without one. */
  breakerState(): BreakerStateName | undefined;
  /** Requests queued for a pooled socket now; absent for a client whose pool never queues. */
  poolWaiting?(): number;
}

/** The health check result a client reports after each `getConnectionHealth()` that sent a probe. */
export interface HealthReport {
  readonly isHealthy: boolean;
  readonly responseTimeMs: number;
}

/** One client's observer, handed out by {@link Instrumentation.observe}. */
export interface ClientObserver {
  /** A call starts: its observation. Called once per call, so a client without an observer pays nothing. */
  callStarted(operation: OperationName): CallObservation;
  healthChecked(report: HealthReport): void;
  /** A request queued for a pooled socket got one (`timedOut` false) or failed with PoolTimeoutError (true). */
  poolWaited(waitedMs: number, timedOut: boolean): void;
  /** The client is disposed: its breaker is no longer followed. Its series stay until the instrumentation is disposed. */
  clientDisposed(): void;
}

/**
 * Where a client reports its calls (the `instrumentation` option of the clients): Prometheus series labelled
 * with `nodeId`, OpenTelemetry spans, or both. Build one with `createInstrumentation(...)`; one instance may serve
 * several clients (a connection's clients share the connection's).
 */
export interface Instrumentation {
  /** The `node` label of every series, and the `vcconn.node.id` span attribute. */
  readonly nodeId: string;
  /** Called once by a client's constructor. */
  observe(client: InstrumentedClient): ClientObserver;
  /**
   * The `hedge.onHedge` of the node's MultiEndpointClients, counting hedged reads in
   * `vcconn_hedged_requests_total` on the node's registry; undefined without metrics.
   */
  hedgeObserver?(): ((report: HedgeReport) => void) | undefined;
}
