import type { ConnectionMetrics } from './ConnectionMetrics.js';
import type { FailureLabel } from './labels.js';

type Labels = Readonly<Record<string, string>>;

/**
 * The label sets of one client type's operation on one node, built once and reused by every call, so counting
 * a call allocates no label object.
 */
export class OperationSeries {
  readonly labels: Labels;
  readonly success: Labels;
  readonly failureOutcome: Labels;
  private readonly byKind = new Map<FailureLabel, Labels>();

  /** @param endpoint the client's server (its base URL, password redacted): one series per endpoint of a set */
  constructor(readonly metrics: ConnectionMetrics | undefined, node: string, client: string, operation: string, endpoint: string) {
    this.labels = { node, client, operation, endpoint };
    this.success = { ...this.labels, outcome: 'success' };
    this.failureOutcome = { ...this.labels, outcome: 'failure' };
  }

  /** The labels of `vcconn_failures_total` for `kind`. */
  failure(kind: FailureLabel): Labels {
    let labels = this.byKind.get(kind);
    if (labels === undefined) {
      labels = { ...this.labels, kind };
      this.byKind.set(kind, labels);
    }
    return labels;
  }
}
