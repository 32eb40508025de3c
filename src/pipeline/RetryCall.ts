import type { RetriedCall } from '../../machines/retry/types.js';
import type { OperationArgs, OperationName } from '../api/operations/index.js';
import type { CallObservation } from '../metrics/types.js';
import type { AttemptContext, CallRequest } from './requestAttempt.js';

/**
 * A call being retried, as the retry machine hands it to each `attempt` (its input's `call`): what every attempt
 * sends, the client it goes through, the call's signal, and the attempts still running. A class, so the attempt actor recognises its own
 * calls with `instanceof` rather than trusting an opaque value.
 */
export class RetryCall<N extends OperationName = OperationName> implements RetriedCall, CallRequest<N> {
  /**
   * Attempts still running, an abandoned one (the machine timed it out) included until it has settled: the call
   * settles only after them, so dispose leaves nothing behind.
   */
  readonly pending = new Set<Promise<unknown>>();

  constructor(
    readonly operation: N,
    readonly args: OperationArgs<N>,
    readonly idempotencyKey: string | undefined,
    /** The call's signal (aborted by dispose). */
    readonly signal: AbortSignal,
    /** The call's metrics and span, when the client is instrumented: every attempt is reported to it. */
    readonly observation: CallObservation | undefined,
    /** The client's sockets and breaker, and whether it is still active. */
    readonly context: AttemptContext,
  ) {}

  /** Runs `attempt`, kept in {@link RetryCall.pending} until it settles. */
  async track<T>(attempt: Promise<T>): Promise<T> {
    this.pending.add(attempt);
    try {
      return await attempt;
    } finally {
      this.pending.delete(attempt);
    }
  }

  /** Resolves once every attempt started for this call has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}

/** True when `value` is a {@link RetryCall} (of any operation). */
export function isRetryCall(value: unknown): value is RetryCall {
  return value instanceof RetryCall;
}
