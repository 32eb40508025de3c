/*
 * The parts of prom-client's and @opentelemetry/api's types that the public options name. The library's own
 * declarations never import those packages (optional peers): a host without them installed still type-checks
 * with `skipLibCheck: false`. A real prom-client `Registry` and a real OpenTelemetry `Tracer` fit these.
 */

/** A prom-client `Registry` (`new Registry()` from prom-client). */
export interface MetricsRegistry {
  readonly contentType: string;
  /** The exposition text of every metric registered. */
  metrics(): Promise<string>;
  getSingleMetric(name: string): unknown;
  removeSingleMetric(name: string): void;
}

/** An OpenTelemetry `Tracer` (`trace.getTracer(name)` or a provider's `getTracer(name)` of @opentelemetry/api). */
export interface OpenTelemetryTracer {
  startSpan(name: string): unknown;
  startActiveSpan(name: string, fn: (span: never) => unknown): unknown;
}
