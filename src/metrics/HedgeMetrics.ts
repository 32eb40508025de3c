import type { Counter, Registry } from 'prom-client';
import { HEDGE_METRIC_NAMES } from './hedgeMetricNames.js';
import type { HedgeReport } from './hedgeMetricNames.js';
import { promClient } from './optionalPackages.js';
import { metricSetOf } from './metricSetOf.js';

const sets = new WeakMap<Registry, HedgeMetrics>();

/**
 * The hedged reads of MultiEndpointClients on one prom-client `Registry`, registered once per registry like
 * `ConnectionMetrics`: `vcconn_hedged_requests_total{node, operation, outcome}` counts the reads that waited past
 * their hedge delay, by how they ended. Reads answered within the delay are not counted here
 * (`vcconn_calls_total` has them). Hosts wire it with {@link countHedges}.
 */
export class HedgeMetrics {
  /** Reads that waited past their hedge delay, by operation and outcome. */
  readonly hedged: Counter<'node' | 'operation' | 'outcome'>;

  /**
   * The hedge metric set of `registry`, registering it on first use.
   * @throws {@link InvalidArgumentError} when the registry already holds `vcconn_hedged_requests_total` of another
   *   origin (e.g. a second copy of this library).
   */
  static of(registry: Registry): HedgeMetrics {
    return metricSetOf(sets, registry, HEDGE_METRIC_NAMES, (r) => new HedgeMetrics(r));
  }

  private constructor(registry: Registry) {
    const { Counter } = promClient();
    this.hedged = new Counter({
      name: 'vcconn_hedged_requests_total',
      help: 'Reads that waited past their hedge delay, by operation and outcome (primary_won, hedge_won: the loser was aborted; both_failed; no_endpoint: no second endpoint was available, no hedge sent).',
      labelNames: ['node', 'operation', 'outcome'], registers: [registry],
    });
  }

  /** The `onHedge` of one client: counts each report under the `node` label `nodeId`. */
  observer(nodeId: string): (report: HedgeReport) => void {
    return ({ operation, outcome }) => this.hedged.inc({ node: nodeId, operation, outcome });
  }

  /** Removes the series of node `nodeId` (other nodes' stay), as a disposed connection's instrumentation does. */
  async releaseNode(nodeId: string): Promise<void> {
    for (const { labels } of (await this.hedged.get()).values) {
      if (labels.node === nodeId) this.hedged.remove(labels);
    }
  }
}
