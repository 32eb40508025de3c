import { isSuccessIgnored } from '../../machines/breaker/permit.js';
import type { BreakerActorLike } from '../../machines/breaker/permit.js';
import type { OperationArgs, OperationName, OperationResult } from '../api/operations/index.js';
import { linkSignals } from '../util/linkSignals.js';
import { OperationTimeoutError } from '../errors/OperationTimeoutError.js';
import type { HttpClient } from '../http/createHttpClient.js';
import type { AttemptOutcome } from '../http/performAttempt.js';
import type { TraceHeaderSource } from '../http/TraceHeaderSource.js';
import { performAttempt } from '../http/performAttempt.js';
import { breakerEventOf } from './breakerEvent.js';

/** What an attempt needs from its client: the sockets, the breaker to report to, and whether it still listens. */
export interface AttemptContext {
  readonly http: HttpClient;
  readonly breaker: BreakerActorLike;
  /** False once the client is disposed: its breaker is stopped and hears nothing more. */
  isActive(): boolean;
  /** The client's clock, epoch ms: stamps refusals. */
  now(): number;
}

/** One call as every attempt of it sends it. */
export interface CallRequest<N extends OperationName = OperationName> {
  readonly operation: N;
  readonly args: OperationArgs<N>;
  /** The `Idempotency-Key` of a non-idempotent call: one per call, the same on every attempt. */
  readonly idempotencyKey: string | undefined;
}

/** How one attempt runs. */
export interface RequestAttemptOptions {
  /** The call's signal: aborting it (dispose) ends the attempt with its reason. */
  signal: AbortSignal;
  /** Time limit of this attempt, ms. */
  timeoutMs: number;
  /**
   * The retry machine's signal for this attempt: it aborts when the machine's `attemptTimeout` fires first, so
   * the attempt counts as a timeout (transient, counted by the breaker), not as an abort.
   */
  abandonSignal?: AbortSignal;
  /** The call's trace context (the call span's), injected into this attempt's headers; absent when tracing is off. */
  traceHeaders?: TraceHeaderSource | undefined;
}

/**
 * Sends one attempt of `call` and reports its outcome to the breaker (`CALL.SUCCEEDED` / `CALL.FAILED`; a success
 * the breaker would ignore, see `isSuccessIgnored`, is not sent). The permit is the caller's business, asked
 * before this runs. Never throws.
 */
export async function requestAttempt<N extends OperationName>(
  context: AttemptContext, call: CallRequest<N>, options: RequestAttemptOptions,
): Promise<AttemptOutcome<OperationResult<N>>> {
  const { signal, timeoutMs, abandonSignal, traceHeaders } = options;
  const linked = abandonSignal === undefined ? undefined : linkSignals(signal, abandonSignal);
  let outcome: AttemptOutcome<OperationResult<N>>;
  try {
    outcome = await performAttempt(context.http, call.operation, call.args, {
      signal: linked?.signal ?? signal, timeoutMs, idempotencyKey: call.idempotencyKey, traceHeaders,
    });
  } finally {
    linked?.unlink();
  }
  if (!outcome.ok && abandonSignal?.aborted === true && !signal.aborted) {
    const error = new OperationTimeoutError(call.operation, timeoutMs);
    outcome = { ok: false, error, failure: { kind: 'timeout', transient: true, message: error.message }, at: outcome.at };
  }
  // A success the closed breaker would ignore is not sent: an event through the actor costs ~5 µs a call.
  if (context.isActive() && !(outcome.ok && isSuccessIgnored(context.breaker.getSnapshot()))) {
    context.breaker.send(breakerEventOf(outcome));
  }
  return outcome;
}
