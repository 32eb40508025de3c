import type { Context, Span } from '@opentelemetry/api';
import type { TraceHeaderSource } from '../http/TraceHeaderSource.js';
import { openTelemetry } from './optionalPackages.js';

/**
 * The trace-context headers of one call: the call span in the caller's context (so baggage and the like pass
 * too), written into each attempt's headers by the propagator the host registered with
 * `propagation.setGlobalPropagator` (or an SDK's `register()`). OpenTelemetry's default propagator is a no-op,
 * so without one nothing is added. The context is taken once, when the call starts: every attempt of the call,
 * retries included, carries the same parent, the call's span.
 */
export class CallTraceHeaders implements TraceHeaderSource {
  private readonly context: Context;

  constructor(span: Span) {
    const { context, trace } = openTelemetry();
    this.context = trace.setSpan(context.active(), span);
  }

  inject(headers: Record<string, string>): void {
    openTelemetry().propagation.inject(this.context, headers);
  }
}
