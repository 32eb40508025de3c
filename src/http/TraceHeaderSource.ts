/**
 * Writes trace-context headers (W3C `traceparent` and `tracestate`, or whatever propagator the host registered)
 * into one attempt's request. metrics/ implements it with OpenTelemetry's propagation API, so http/ never loads
 * OpenTelemetry: an attempt without one (tracing off, the default) sends no such header and pays nothing.
 */
export interface TraceHeaderSource {
  /** Adds this call's trace-context headers to `headers`; adds nothing when no propagator is registered. */
  inject(headers: Record<string, string>): void;
}
