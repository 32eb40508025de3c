import type { BreakerEvent } from '../../machines/breaker/types.js';
import type { CallFailure } from '../../machines/types.js';
import type { AttemptError } from '../http/attemptError.js';

/** An attempt's result as the breaker needs it. */
export type ReportedOutcome =
  | { readonly ok: true; readonly at: number }
  | { readonly ok: false; readonly at: number; readonly failure: CallFailure; readonly error: AttemptError };

/**
 * The breaker event for one attempt's outcome. A call refused before sending (a bad argument, a body too large)
 * says nothing about the server, so it is reported as `aborted`: the breaker neither counts it nor, if it was a
 * half-open probe, takes it as the probe's answer; it only frees the probe slot.
 */
export function breakerEventOf(outcome: ReportedOutcome): BreakerEvent {
  if (outcome.ok) return { type: 'CALL.SUCCEEDED', at: outcome.at };
  if (outcome.error.code === 'ERR_INVALID_ARGUMENT') {
    return { type: 'CALL.FAILED', at: outcome.at, failure: { kind: 'aborted', transient: false, message: outcome.failure.message } };
  }
  return { type: 'CALL.FAILED', at: outcome.at, failure: outcome.failure };
}
