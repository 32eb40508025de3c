import { fromPromise } from 'xstate';
import { acquirePermit } from '../../machines/breaker/permit.js';
import type { AttemptInput, AttemptOutcome } from '../../machines/retry/types.js';
import type { CallFailure } from '../../machines/types.js';
import { BrokenCircuitError } from '../errors/BrokenCircuitError.js';
import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import type { AttemptContext } from './requestAttempt.js';
import { requestAttempt } from './requestAttempt.js';
import { isRetryCall } from './RetryCall.js';
import type { RetryCall } from './RetryCall.js';

/**
 * The retry machine's `attempt` actor, provided once per process: sends `input.call` (a {@link RetryCall}) after
 * asking the breaker for a permit (a retry while the circuit is open fails at once, as a non-transient refusal
 * that ends the loop), reports the outcome to the breaker, and resolves with it, the typed error of a failure
 * included, for the machine to hand back in its output. It resolves in every case; it throws only when its input
 * carries no call of this client's kind (a bug).
 */
export function createAttemptActor() {
  return fromPromise<AttemptOutcome, AttemptInput>(async ({ input, signal }) => {
    const { call } = input;
    if (!isRetryCall(call)) throw new TypeError('attempt: the retry input carries no RetryCall');
    const deps = call.context;
    const refusal = refusalOf(deps, call);
    if (refusal !== undefined) {
      call.observation?.attempt(input.attempt, input.delayMs, { ok: false, ...refusal });
      return { ok: false, ...refusal, at: deps.now() };
    }
    const outcome = await call.track(requestAttempt(deps, call, {
      signal: call.signal, timeoutMs: input.timeoutMs, abandonSignal: signal, traceHeaders: call.observation?.traceHeaders,
    }));
    call.observation?.attempt(input.attempt, input.delayMs, outcome);
    return outcome.ok
      ? { ok: true, value: outcome.value, at: outcome.at }
      : { ok: false, failure: outcome.failure, error: outcome.error, at: outcome.at };
  });
}

/** Why this attempt may not be sent at all: the client is gone, or the breaker refuses. */
function refusalOf(
  deps: AttemptContext, call: RetryCall,
): { failure: CallFailure; error: ClientDisposedError | BrokenCircuitError } | undefined {
  if (!deps.isActive() || call.signal.aborted) {
    const error = new ClientDisposedError(call.operation);
    return { error, failure: { kind: 'aborted', transient: false, message: error.message } };
  }
  const permit = acquirePermit(deps.breaker, deps.now());
  if (permit.allowed) return undefined;
  const error = new BrokenCircuitError(Number.isFinite(permit.retryAfterMs) ? permit.retryAfterMs : 0, call.operation);
  // Nothing was sent: an `aborted` failure ends the loop without counting against the budget or the breaker.
  return { error, failure: { kind: 'aborted', transient: false, message: error.message } };
}
