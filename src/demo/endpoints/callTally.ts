import type { Registry } from 'prom-client';

/** One `vcconn_calls_total` series of a node: its `endpoint` and `outcome` labels and its count. */
export interface CallSeries {
  readonly endpoint: string;
  readonly outcome: string;
  readonly value: number;
}

/**
 * The `vcconn_calls_total` series of node `nodeId` in `registry` (every call its connection made, retries inside
 * one call, by server and outcome). Read before the node's connection is disposed: disposing removes its series.
 */
export async function callSeriesOf(registry: Registry, nodeId: string): Promise<CallSeries[]> {
  const metric = registry.getSingleMetric('vcconn_calls_total');
  if (metric === undefined) return [];
  const { values } = await metric.get();
  return values
    .filter(({ labels }) => labels.node === nodeId)
    .map(({ labels, value }) => ({ endpoint: String(labels.endpoint ?? ''), outcome: String(labels.outcome ?? ''), value }));
}

const bare = (url: string): string => url.replace(/\/+$/, '');

/** Calls per endpoint, all nodes together, from the nodes' metrics: made on the endpoint, and answered with success by it. */
export class EndpointCallTally {
  private readonly made = new Map<string, number>();
  private readonly answered = new Map<string, number>();

  /** Starts every count at 0, so an endpoint no call reached still shows. */
  constructor(private readonly urls: readonly string[]) {
    for (const url of urls) {
      this.made.set(url, 0);
      this.answered.set(url, 0);
    }
  }

  /** Adds a node's series; an `endpoint` label matches its URL with or without a trailing slash. */
  add(series: readonly CallSeries[]): void {
    for (const { endpoint, outcome, value } of series) {
      const url = this.urls.find((candidate) => bare(candidate) === bare(endpoint)) ?? endpoint;
      this.made.set(url, (this.made.get(url) ?? 0) + value);
      if (outcome === 'success') this.answered.set(url, (this.answered.get(url) ?? 0) + value);
    }
  }

  /** Calls made, keyed by URL. */
  calls(): Record<string, number> {
    return Object.fromEntries(this.made);
  }

  /** Calls answered with success, keyed by URL. */
  answers(): Record<string, number> {
    return Object.fromEntries(this.answered);
  }
}
