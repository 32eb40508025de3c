import type { Attributes, Tracer } from '@opentelemetry/api';
import type { BreakerEmitted } from '../../machines/breaker/types.js';
import type { OperationName } from '../api/operations/index.js';
import type { ConnectionMetrics } from './ConnectionMetrics.js';
import { redactString } from '../util/redact/redactString.js';
import { BREAKER_STATE_LABELS } from './labels.js';
import { ObservedCall } from './ObservedCall.js';
import { OperationSeries } from './OperationSeries.js';
import { spanAttributesOf, startCallSpan } from './tracing.js';
import type { CallObservation, ClientObserver, HealthReport, InstrumentedClient } from './types.js';

const TRANSITIONS: Readonly<Record<BreakerEmitted['type'], string>> = {
  'breaker.opened': 'open',
  'breaker.halfOpen': 'half_open',
  'breaker.closed': 'closed',
  'breaker.isolated': 'isolated',
};

/** What an {@link ObservedClient} reports to, besides the metrics and the tracer. */
export interface ObservedClientOwner {
  readonly nodeId: string;
  readonly metrics: ConnectionMetrics | undefined;
  readonly tracer: Tracer | undefined;
  forget(client: ObservedClient): void;
}

/** One client's observer: its label sets and span attributes per operation, and its breaker's transitions. */
export class ObservedClient implements ClientObserver {
  private readonly series = new Map<OperationName, OperationSeries>();
  private readonly attributes = new Map<OperationName, Attributes>();
  private readonly unsubscribe: (() => void)[] = [];
  /**
   * The `endpoint` label: the client's base URL, password redacted. Every client has one, so a node's series keep
   * one label set whether it talks to one server or several (each endpoint's client of a set is observed on its own).
   */
  readonly endpoint: string;
  private readonly stateLabel = (): string | undefined => {
    const state = this.client.breakerState();
    return state === undefined ? undefined : BREAKER_STATE_LABELS[state];
  };

  constructor(readonly client: InstrumentedClient, private readonly owner: ObservedClientOwner) {
    const { metrics } = owner;
    this.endpoint = redactString(client.baseUrl);
    const breaker = client.breaker;
    if (metrics !== undefined && breaker !== undefined) {
      for (const [type, to] of Object.entries(TRANSITIONS)) {
        const labels = { node: owner.nodeId, endpoint: this.endpoint, to };
        const subscription = breaker.on(type as BreakerEmitted['type'], () => metrics.breakerTransitions.inc(labels));
        this.unsubscribe.push(() => subscription.unsubscribe());
      }
    }
  }

  callStarted(operation: OperationName): CallObservation {
    const { tracer } = this.owner;
    if (tracer === undefined) return new ObservedCall(this.seriesOf(operation), undefined, this.stateLabel);
    const span = startCallSpan(tracer, `vcconn.${operation}`, this.spanAttributes(operation), this.stateLabel());
    return new ObservedCall(this.seriesOf(operation), span.recording, this.stateLabel, span.headers);
  }

  healthChecked(report: HealthReport): void {
    this.owner.metrics?.healthDuration.observe(
      { node: this.owner.nodeId, client: this.client.type, endpoint: this.endpoint, outcome: report.isHealthy ? 'healthy' : 'unhealthy' },
      report.responseTimeMs / 1000,
    );
  }

  poolWaited(waitedMs: number, timedOut: boolean): void {
    this.owner.metrics?.poolWait.observe(
      { node: this.owner.nodeId, client: this.client.type, endpoint: this.endpoint, outcome: timedOut ? 'timeout' : 'socket' },
      waitedMs / 1000,
    );
  }

  clientDisposed(): void {
    for (const stop of this.unsubscribe.splice(0)) stop();
    this.owner.forget(this);
  }

  private seriesOf(operation: OperationName): OperationSeries {
    let series = this.series.get(operation);
    if (series === undefined) {
      series = new OperationSeries(this.owner.metrics, this.owner.nodeId, this.client.type, operation, this.endpoint);
      this.series.set(operation, series);
    }
    return series;
  }

  private spanAttributes(operation: OperationName): Attributes {
    let attributes = this.attributes.get(operation);
    if (attributes === undefined) {
      attributes = spanAttributesOf(this.client, this.owner.nodeId, operation);
      this.attributes.set(operation, attributes);
    }
    return attributes;
  }
}
