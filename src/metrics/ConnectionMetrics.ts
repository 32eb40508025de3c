import type { Counter, Histogram, Registry } from 'prom-client';
import { promClient } from './optionalPackages.js';
import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { LinkState } from '../../machines/connection/types.js';
import type { ClientType } from '../../machines/types.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { BREAKER_STATE_LABELS, BREAKER_STATES, LINK_STATES } from './labels.js';
import { METRIC_NAMES } from './metricNames.js';
import { metricSetOf } from './metricSetOf.js';

/** What the state gauges read from one node at scrape time. */
export interface GaugeSource {
  readonly nodeId: string;
  /** The breaker of the node's current client; undefined when it has none (every state then reads 0). */
  breakerState(): BreakerStateName | undefined;
  /** The connection's link; undefined for clients used without a ConnectionManager (no series then). */
  linkState(): LinkState | undefined;
  /** The kind of client in use; undefined when none is live. */
  clientType(): ClientType | undefined;
  /** Requests waiting for a pooled socket, across the node's live clients. */
  poolWaiting(): number;
  /**
   * The breaker state of each endpoint the node's live clients with a breaker talk to (the `endpoint` label's
   * value), the newest client's when two talk to one endpoint (during a swap).
   */
  endpointBreakers(): ReadonlyMap<string, BreakerStateName>;
}

/** `endpoint`: the server the call went to (the client's base URL, password redacted). */
type CallLabels = 'node' | 'client' | 'operation' | 'endpoint';

/** Seconds buckets fit for calls on a LAN (ms) up to the file profile's 120 s deadline. */
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const HEALTH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Seconds buckets for socket waits, up to ConnectionPoolTimeoutMs's default of 5 s and beyond. */
const POOL_WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export { METRIC_NAMES } from './metricNames.js';

const sets = new WeakMap<Registry, ConnectionMetrics>();

/**
 * The library's metrics on one prom-client `Registry`: registered once per registry, whatever number of
 * connections and clients use it; each node adds series labelled `node` and {@link ConnectionMetrics.releaseNode}
 * removes them. Get it with {@link ConnectionMetrics.of}.
 */
export class ConnectionMetrics {
  readonly calls: Counter<CallLabels | 'outcome'>;
  readonly callDuration: Histogram<CallLabels | 'outcome'>;
  readonly attempts: Counter<CallLabels>;
  readonly retries: Counter<CallLabels>;
  readonly failures: Counter<CallLabels | 'kind'>;
  readonly breakerTransitions: Counter<'node' | 'endpoint' | 'to'>;
  readonly clientSwitches: Counter<'node' | 'from' | 'to'>;
  readonly clientRecreations: Counter<'node' | 'client'>;
  readonly recoveries: Counter<'node' | 'outcome'>;
  readonly healthDuration: Histogram<'node' | 'client' | 'endpoint' | 'outcome'>;
  readonly poolWait: Histogram<'node' | 'client' | 'endpoint' | 'outcome'>;
  private readonly sources = new Set<GaugeSource>();
  private readonly nodes = new Set<string>();
  /** The metrics whose series are set by calls (the gauges are rebuilt from the sources at each scrape). */
  private readonly recorded: readonly (Counter<string> | Histogram<string>)[];

  /**
   * The metric set of `registry`, registering it on first use.
   * @throws {@link InvalidArgumentError} when the registry already holds a `vcconn_` metric of another origin
   *   (e.g. a second copy of this library).
   */
  static of(registry: Registry): ConnectionMetrics {
    return metricSetOf(sets, registry, METRIC_NAMES, (r) => new ConnectionMetrics(r));
  }

  private constructor(
    /** The registry the set is on (a node's hedged reads are counted there too). */
    readonly registry: Registry,
  ) {
    const { Counter, Gauge, Histogram } = promClient();
    const registers = [registry];
    const callLabels = ['node', 'client', 'operation', 'endpoint'] as const;
    this.calls = new Counter({
      name: 'vcconn_calls_total', help: 'API calls by outcome (success, failure), retries included in one call.',
      labelNames: [...callLabels, 'outcome'], registers,
    });
    this.callDuration = new Histogram({
      name: 'vcconn_call_duration_seconds', help: 'Duration of API calls, retries and backoff included.',
      labelNames: [...callLabels, 'outcome'], buckets: CALL_BUCKETS, registers,
    });
    this.attempts = new Counter({
      name: 'vcconn_attempts_total', help: 'HTTP requests sent for API calls (first attempts and retries).',
      labelNames: callLabels, registers,
    });
    this.retries = new Counter({
      name: 'vcconn_retries_total', help: 'HTTP requests sent as retries (attempts after the first).',
      labelNames: callLabels, registers,
    });
    this.failures = new Counter({
      name: 'vcconn_failures_total',
      help: 'Failed attempts by kind (network, timeout, http_5xx, http_429, http_4xx, pool_timeout, invalid_response, aborted), and calls or retries the open circuit refused (circuit_open).',
      labelNames: [...callLabels, 'kind'], registers,
    });
    this.breakerTransitions = new Counter({
      name: 'vcconn_breaker_transitions_total', help: 'Circuit breaker transitions by the state entered (one breaker per endpoint).',
      labelNames: ['node', 'endpoint', 'to'], registers,
    });
    this.clientSwitches = new Counter({
      name: 'vcconn_client_switches_total', help: 'A client of the other type took over (manual switch or recovery).',
      labelNames: ['node', 'from', 'to'], registers,
    });
    this.clientRecreations = new Counter({
      name: 'vcconn_client_recreations_total', help: 'A fresh client of the same type took over.',
      labelNames: ['node', 'client'], registers,
    });
    this.recoveries = new Counter({
      name: 'vcconn_recoveries_total', help: 'Recoveries of a lost link by outcome (success: up again, failure: offline).',
      labelNames: ['node', 'outcome'], registers,
    });
    this.healthDuration = new Histogram({
      name: 'vcconn_health_check_duration_seconds', help: 'Response time of GET api/health probes by outcome (healthy, unhealthy).',
      labelNames: ['node', 'client', 'endpoint', 'outcome'], buckets: HEALTH_BUCKETS, registers,
    });
    this.poolWait = new Histogram({
      name: 'vcconn_pool_wait_seconds',
      help: 'Time requests queued for a pooled socket (ConnectionPoolSize reached) waited, by outcome: socket (got one) or timeout (PoolTimeoutError after ConnectionPoolTimeoutMs). Requests that found a socket at once are not observed.',
      labelNames: ['node', 'client', 'endpoint', 'outcome'], buckets: POOL_WAIT_BUCKETS, registers,
    });
    const sources = this.sources;
    new Gauge({
      name: 'vcconn_breaker_state', help: 'Circuit breaker state of the current client: 1 for the state it is in (all 0 for a client without a breaker); over several servers the set\'s, open only when every endpoint\'s breaker refuses calls.',
      labelNames: ['node', 'state'], registers,
      collect() {
        this.reset();
        for (const source of sources) {
          const current = source.breakerState();
          for (const state of BREAKER_STATES) this.set({ node: source.nodeId, state: BREAKER_STATE_LABELS[state] }, current === state ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'vcconn_endpoint_breaker_state',
      help: 'Circuit breaker state of each endpoint the node calls (one breaker per server; one series per endpoint, also for one server): 1 for the state it is in.',
      labelNames: ['node', 'endpoint', 'state'], registers,
      collect() {
        this.reset();
        for (const source of sources) {
          for (const [endpoint, current] of source.endpointBreakers()) {
            for (const state of BREAKER_STATES) this.set({ node: source.nodeId, endpoint, state: BREAKER_STATE_LABELS[state] }, current === state ? 1 : 0);
          }
        }
      },
    });
    new Gauge({
      name: 'vcconn_link_state', help: 'Link state of a connection: 1 for the state it is in.',
      labelNames: ['node', 'state'], registers,
      collect() {
        this.reset();
        for (const source of sources) {
          const current = source.linkState();
          if (current === undefined) continue;
          for (const state of LINK_STATES) this.set({ node: source.nodeId, state }, current === state ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'vcconn_current_client', help: 'The client in use: 1 for its type.',
      labelNames: ['node', 'client'], registers,
      collect() {
        this.reset();
        for (const source of sources) {
          const current = source.clientType();
          if (current === undefined) continue;
          for (const client of ['enhanced', 'standard'] as const) this.set({ node: source.nodeId, client }, current === client ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'vcconn_pool_waiting_requests',
      help: 'Requests queued for a pooled socket now (ConnectionPoolSize reached); those that wait past ConnectionPoolTimeoutMs count in vcconn_failures_total{kind="pool_timeout"}.',
      labelNames: ['node'], registers,
      collect() {
        this.reset();
        for (const source of sources) this.set({ node: source.nodeId }, source.poolWaiting());
      },
    });
    this.recorded = [
      this.calls, this.callDuration, this.attempts, this.retries, this.failures, this.breakerTransitions,
      this.clientSwitches, this.clientRecreations, this.recoveries, this.healthDuration, this.poolWait,
    ];
  }

  /**
   * Reserves `nodeId` for one node and adds its gauges.
   * @throws {@link InvalidArgumentError} when a live node already uses `nodeId` on this registry: its series
   *   would mix, and disposing one would remove the other's.
   */
  claimNode(source: GaugeSource): void {
    if (this.nodes.has(source.nodeId)) {
      throw new InvalidArgumentError('metrics', 'nodeId', `"${source.nodeId}" is already in use on this registry; give each connection its own nodeId`);
    }
    this.nodes.add(source.nodeId);
    this.sources.add(source);
  }

  /** Removes every series of the node (other nodes' stay) and frees its id. */
  async releaseNode(source: GaugeSource): Promise<void> {
    if (!this.sources.delete(source)) return;
    for (const metric of this.recorded) {
      const seen = new Set<string>();
      for (const { labels } of (await metric.get()).values) {
        if (labels.node !== source.nodeId) continue;
        // A histogram's bucket series carry `le`, which is not one of its label names.
        const { le: _bucket, ...own } = labels;
        const key = JSON.stringify(own);
        if (seen.has(key)) continue;
        seen.add(key);
        metric.remove(own);
      }
    }
    this.nodes.delete(source.nodeId);
  }
}
