import type { Span } from '@opentelemetry/api';
import { failureLabelOf, isCircuitRefusal } from './labels.js';
import { openTelemetry } from './optionalPackages.js';
import type { TraceHeaderSource } from '../http/TraceHeaderSource.js';
import type { OperationSeries } from './OperationSeries.js';
import type { AttemptReport, CallObservation } from './types.js';

/** One call's metrics and span, fed by its client. */
export class ObservedCall implements CallObservation {
  /** Attempts reported, refused ones included. */
  private reported = 0;
  /** Attempts actually sent. */
  private sent = 0;
  private lastStatus: number | undefined;
  private readonly startedAt = performance.now();

  constructor(
    private readonly series: OperationSeries,
    private readonly span: Span | undefined,
    private readonly breakerState: () => string | undefined,
    /** The call span's context for the attempts' headers; undefined when tracing is off. */
    readonly traceHeaders?: TraceHeaderSource,
  ) {}

  attempt(attempt: number, delayMs: number, report: AttemptReport): void {
    const refused = !report.ok && isCircuitRefusal(report.error);
    const { metrics, labels } = this.series;
    this.reported += 1;
    if (!refused) {
      this.sent += 1;
      metrics?.attempts.inc(labels);
      if (attempt > 1) metrics?.retries.inc(labels);
    }
    if (!report.ok) {
      metrics?.failures.inc(this.series.failure(failureLabelOf(report)));
      if (report.failure.status !== undefined) this.lastStatus = report.failure.status;
    }
    if (this.span === undefined) return;
    const state = this.breakerState();
    this.span.addEvent('vcconn.attempt', {
      'vcconn.attempt.number': attempt,
      'vcconn.attempt.delay_ms': delayMs,
      'vcconn.attempt.outcome': report.ok ? 'success' : refused ? 'refused' : 'failure',
      ...(report.ok ? {} : { 'vcconn.attempt.error_kind': failureLabelOf(report), 'error.type': report.error.code }),
      ...(!report.ok && report.failure.status !== undefined ? { 'http.response.status_code': report.failure.status } : {}),
      ...(state === undefined ? {} : { 'vcconn.breaker.state': state }),
    });
  }

  succeeded(): void {
    const { metrics } = this.series;
    metrics?.calls.inc(this.series.success);
    metrics?.callDuration.observe(this.series.success, (performance.now() - this.startedAt) / 1000);
    const span = this.span;
    if (span === undefined) return;
    span.setAttribute('vcconn.attempts', this.sent);
    span.end();
  }

  failed(error: unknown): void {
    const { metrics } = this.series;
    // A call the open circuit refused before any attempt never reported one: count the refusal here.
    if (this.reported === 0 && isCircuitRefusal(error)) metrics?.failures.inc(this.series.failure('circuit_open'));
    metrics?.calls.inc(this.series.failureOutcome);
    metrics?.callDuration.observe(this.series.failureOutcome, (performance.now() - this.startedAt) / 1000);
    const span = this.span;
    if (span === undefined) return;
    const code = (error as { code?: unknown } | null)?.code;
    const state = this.breakerState();
    span.setAttributes({
      'vcconn.attempts': this.sent,
      'error.type': typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown',
      ...(this.lastStatus === undefined ? {} : { 'http.response.status_code': this.lastStatus }),
      ...(state === undefined ? {} : { 'vcconn.breaker.state': state }),
    });
    if (error instanceof Error) span.recordException(error);
    span.setStatus({ code: openTelemetry().SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.end();
  }
}
