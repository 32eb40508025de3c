/**
 * vcdevtool-connection: the library a VCDevTool host embeds (clients, configuration, logging, errors, the task
 * service). The pure machines are at `vcdevtool-connection/machines`; the reference server, which needs the
 * optional better-sqlite3 and fastify, at `vcdevtool-connection/server`, so embedding the client never loads a database
 * driver. Importing this entry loads no metrics or tracing package: prom-client and @opentelemetry/api (optional peers)
 * are loaded when `metrics` or `tracing` is first turned on.
 */
export * from './errors/index.js';
export * from './config/index.js';
export * from './logging/index.js';
export * from './clients/index.js';
export * from './tasks/index.js';
export * from './manager/index.js';
export * from './state/index.js';
export * from './outbox/index.js';
// Metrics and tracing: the public part only. prom-client and @opentelemetry/api are optional peers, loaded when
// metrics or tracing are turned on; no declaration exported here names their types.
export { createInstrumentation, defaultMetricsRegistry } from './metrics/createInstrumentation.js';
export type { InstrumentationOptions, MetricsOptions, TracingOptions } from './metrics/createInstrumentation.js';
export type { MetricsRegistry, OpenTelemetryTracer } from './metrics/peerTypes.js';
export { ConnectionInstrumentation } from './metrics/ConnectionInstrumentation.js';
export type { ConnectionView } from './metrics/ConnectionInstrumentation.js';
export { METRIC_NAMES } from './metrics/metricNames.js';
export { TRACER_NAME } from './metrics/tracerName.js';
export type { FailureLabel } from './metrics/labels.js';
export type {
  AttemptReport, CallObservation, ClientObserver, HealthReport, Instrumentation, InstrumentedClient,
} from './metrics/types.js';
export { OUTBOX_METRIC_NAMES } from './metrics/outboxMetricNames.js';
export type { OutboxFigures, OutboxGaugeSource } from './metrics/outboxMetricNames.js';
export { watchOutbox } from './metrics/watchOutbox.js';
export type { OutboxEventSource, OutboxWatch, WatchOutboxOptions } from './metrics/watchOutbox.js';
export { HEDGE_METRIC_NAMES, HEDGE_OUTCOMES } from './metrics/hedgeMetricNames.js';
export type { HedgeReport } from './metrics/hedgeMetricNames.js';
export { countHedges } from './metrics/countHedges.js';
export * from './endpoints/index.js';
