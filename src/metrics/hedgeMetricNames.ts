// Apart from HedgeMetrics.ts, whose declarations name prom-client's types (an optional peer): the library's entry
// exports these.

/** Every metric name `HedgeMetrics` registers. */
export const HEDGE_METRIC_NAMES = ['vcconn_hedged_requests_total'] as const;

/** How a hedged read ended (the MultiEndpointClient's `HedgeOutcome`): the `outcome` label's values. */
export const HEDGE_OUTCOMES = ['primary_won', 'hedge_won', 'both_failed', 'no_endpoint'] as const;

/** What the counter needs of one hedged read (the MultiEndpointClient's `HedgeEvent`). */
export interface HedgeReport {
  readonly operation: string;
  readonly outcome: (typeof HEDGE_OUTCOMES)[number];
}
