import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import { operations } from '../api/operations/index.js';
import type { OperationName } from '../api/operations/index.js';
import { openTelemetry } from './optionalPackages.js';
import { CallTraceHeaders } from './propagation.js';
import { TRACER_NAME } from './tracerName.js';
import type { InstrumentedClient } from './types.js';

export { TRACER_NAME };

/** The tracer `tracing: true` uses: the global one, a no-op until the host registers an OpenTelemetry SDK. */
export function globalTracer(): Tracer {
  return openTelemetry().trace.getTracer(TRACER_NAME);
}

/** One call's span: `recording` is undefined when it does not record, so nothing more is spent on it. */
export interface CallSpan {
  readonly recording: Span | undefined;
  /** Its context for the attempts' headers: propagated even when not recording (sampled out: flags 00). */
  readonly headers: CallTraceHeaders;
}

/**
 * Starts the CLIENT span of one call, `vcconn.<operation>`, with the attributes that do not change per call
 * (built once per client and operation), a child of the caller's active span.
 */
export function startCallSpan(tracer: Tracer, name: string, attributes: Attributes, breakerState: string | undefined): CallSpan {
  const span = tracer.startSpan(name, { kind: openTelemetry().SpanKind.CLIENT, attributes });
  const headers = new CallTraceHeaders(span);
  if (!span.isRecording()) return { recording: undefined, headers };
  if (breakerState !== undefined) span.setAttribute('vcconn.breaker.state', breakerState);
  return { recording: span, headers };
}

/** The constant attributes of `operation`'s spans on `client` (semantic conventions where they fit). */
export function spanAttributesOf(client: InstrumentedClient, nodeId: string, operation: OperationName): Attributes {
  const spec = operations[operation];
  const url = new URL(client.baseUrl);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return {
    'http.request.method': spec.method,
    'url.template': spec.route,
    'server.address': url.hostname,
    'server.port': port,
    'vcconn.operation': operation,
    'vcconn.client.type': client.type,
    'vcconn.node.id': nodeId,
  };
}
