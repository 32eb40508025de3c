export { createInstrumentation, defaultMetricsRegistry } from './createInstrumentation.js';
export type { InstrumentationOptions, MetricsOptions, TracingOptions } from './createInstrumentation.js';
export type { MetricsRegistry, OpenTelemetryTracer } from './peerTypes.js';
export { ConnectionInstrumentation } from './ConnectionInstrumentation.js';
export type { ConnectionView } from './ConnectionInstrumentation.js';
export { ConnectionMetrics, METRIC_NAMES } from './ConnectionMetrics.js';
export type { GaugeSource } from './ConnectionMetrics.js';
export { TRACER_NAME } from './tracing.js';
export type { FailureLabel } from './labels.js';
export type {
  AttemptReport, CallObservation, ClientObserver, HealthReport, Instrumentation, InstrumentedClient,
} from './types.js';
export { OutboxMetrics, OUTBOX_METRIC_NAMES } from './OutboxMetrics.js';
export type { OutboxFigures, OutboxGaugeSource } from './OutboxMetrics.js';
export { watchOutbox } from './watchOutbox.js';
export type { OutboxEventSource, OutboxWatch, WatchOutboxOptions } from './watchOutbox.js';
export { HedgeMetrics } from './HedgeMetrics.js';
export { HEDGE_METRIC_NAMES, HEDGE_OUTCOMES } from './hedgeMetricNames.js';
export type { HedgeReport } from './hedgeMetricNames.js';
export { countHedges } from './countHedges.js';
