import type { Tracer } from '@opentelemetry/api';
import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { LinkState } from '../../machines/connection/types.js';
import type { ClientType } from '../../machines/types.js';
import type { ConnectionMetrics, GaugeSource } from './ConnectionMetrics.js';
import { HedgeMetrics } from './HedgeMetrics.js';
import type { HedgeReport } from './hedgeMetricNames.js';
import { ObservedClient } from './ObservedClient.js';
import type { ClientObserver, Instrumentation, InstrumentedClient } from './types.js';

/** What a connection shows the state gauges: read at each scrape. */
export interface ConnectionView {
  /** Undefined until the connection actor is attached. */
  linkState(): LinkState | undefined;
  clientType(): ClientType;
  /** The current client's breaker state; undefined for a client without one. */
  breakerState(): BreakerStateName | undefined;
}

/**
 * One node's instrumentation: the `node` label, the metric set (or none) and the tracer (or none). Clients
 * report their calls through {@link ConnectionInstrumentation.observe}; a ConnectionManager adds its link, its
 * client swaps and its recoveries. Build it with `createInstrumentation`; {@link ConnectionInstrumentation.dispose}
 * removes the node's series and frees its id.
 */
export class ConnectionInstrumentation implements Instrumentation {
  /** @internal The metric set, undefined without metrics. */
  readonly metrics: ConnectionMetrics | undefined;
  /** @internal The tracer, undefined without tracing. */
  readonly tracer: Tracer | undefined;
  private readonly clients: ObservedClient[] = [];
  private connection: ConnectionView | undefined;
  private readonly source: GaugeSource;
  private disposal: Promise<void> | undefined;
  /** The hedge counter's set, once a MultiEndpointClient of the node asked for it. */
  private hedges: HedgeMetrics | undefined;

  /**
   * @throws {@link InvalidArgumentError} when `nodeId` is in use on the registry already.
   * @internal Built by `createInstrumentation`; internal so the declarations never name prom-client's or
   *   OpenTelemetry's types (optional peers a host may not have).
   */
  constructor(readonly nodeId: string, metrics: ConnectionMetrics | undefined, tracer: Tracer | undefined) {
    this.metrics = metrics;
    this.tracer = tracer;
    // Without a connection the gauges follow the newest live client, as a lone client's host expects.
    const newest = (): InstrumentedClient | undefined => this.clients.at(-1)?.client;
    this.source = {
      nodeId,
      breakerState: () => (this.connection === undefined ? newest()?.breakerState() : this.connection.breakerState()),
      linkState: () => this.connection?.linkState(),
      clientType: () => (this.connection === undefined ? newest()?.type : this.connection.clientType()),
      poolWaiting: () => this.clients.reduce((sum, observed) => sum + (observed.client.poolWaiting?.() ?? 0), 0),
      endpointBreakers: () => {
        // Oldest first, so the newest client's state wins for an endpoint two clients share during a swap.
        const states = new Map<string, BreakerStateName>();
        for (const observed of this.clients) {
          const state = observed.client.breakerState();
          if (state !== undefined) states.set(observed.endpoint, state);
        }
        return states;
      },
    };
    metrics?.claimNode(this.source);
  }

  observe(client: InstrumentedClient): ClientObserver {
    const observed = new ObservedClient(client, {
      nodeId: this.nodeId,
      metrics: this.disposal === undefined ? this.metrics : undefined,
      tracer: this.tracer,
      forget: (gone) => {
        const index = this.clients.indexOf(gone);
        if (index >= 0) this.clients.splice(index, 1);
      },
    });
    this.clients.push(observed);
    return observed;
  }

  /** The connection whose link, client and breaker the gauges show. */
  watchConnection(view: ConnectionView): void {
    this.connection = view;
    // Both outcomes exported from the start, at 0: Prometheus' increase() sees no rise in a series' first sample,
    // so without them the first failed recovery would escape the VcconnRecoveryFailing alert.
    if (this.disposal === undefined) {
      for (const outcome of ['success', 'failure'] as const) this.metrics?.recoveries.inc({ node: this.nodeId, outcome }, 0);
    }
  }

  /** A tested client took over from one of type `previous`: a switch, or a recreation when the type is the same. */
  clientCommitted(previous: ClientType, next: ClientType): void {
    if (previous === next) this.metrics?.clientRecreations.inc({ node: this.nodeId, client: next });
    else this.metrics?.clientSwitches.inc({ node: this.nodeId, from: previous, to: next });
  }

  /** A recovery ended: the link came back up (`true`) or went offline. */
  recoveryEnded(recovered: boolean): void {
    this.metrics?.recoveries.inc({ node: this.nodeId, outcome: recovered ? 'success' : 'failure' });
  }

  /** Counts the node's hedged reads (`vcconn_hedged_requests_total`) on its registry; undefined without metrics. */
  hedgeObserver(): ((report: HedgeReport) => void) | undefined {
    if (this.metrics === undefined || this.disposal !== undefined) return undefined;
    this.hedges ??= HedgeMetrics.of(this.metrics.registry);
    return this.hedges.observer(this.nodeId);
  }

  /** Removes this node's series from the registry (other nodes' stay) and frees its id. Idempotent. */
  dispose(): Promise<void> {
    this.disposal ??= (async () => {
      await this.metrics?.releaseNode(this.source);
      await this.hedges?.releaseNode(this.nodeId);
    })();
    return this.disposal;
  }
}
