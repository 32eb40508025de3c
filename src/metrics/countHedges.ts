import type { Registry } from 'prom-client';
import { defaultMetricsRegistry } from './createInstrumentation.js';
import { HedgeMetrics } from './HedgeMetrics.js';
import type { HedgeReport } from './hedgeMetricNames.js';
import type { MetricsRegistry } from './peerTypes.js';

/**
 * The `hedge.onHedge` of a MultiEndpointClient that counts its hedged reads in
 * `vcconn_hedged_requests_total{node, operation, outcome}` on `registry` (default: the library's own,
 * `defaultMetricsRegistry()`).
 * @throws {@link OptionalDependencyMissingError} when prom-client is not installed.
 * @throws {@link InvalidArgumentError} when the registry holds that metric of another origin.
 * @example
 * const api = new MultiEndpointClient(set, { hedge: { enabled: true, onHedge: countHedges('worker-7') } });
 */
export function countHedges(nodeId: string, registry?: MetricsRegistry): (report: HedgeReport) => void {
  // The host's registry comes from prom-client itself (see peerTypes.ts).
  return HedgeMetrics.of((registry ?? defaultMetricsRegistry()) as Registry).observer(nodeId);
}
