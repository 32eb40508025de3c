import { fromPromise } from 'xstate';
import { acquirePermit } from '../../machines/breaker/permit.js';
import type { AttemptInput, AttemptOutcome } from '../../machines/retry/types.js';
import type { CallFailure } from '../../machines/types.js';
import { BrokenCircuitError } from '../errors/BrokenCircuitError.js';
import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import type { AttemptError } from '../http/attemptError.js';
import type { CallObservation } from '../metrics/types.js';
import type { AttemptContext, CallRequest } from './requestAttempt.js';
import { requestAttempt } from './requestAttempt.js';

/** The last failed attempt of a call: the machine keeps only the `failure`; the caller wants the typed `error`. */
export interface FailedAttempt {
  readonly failure: CallFailure;
  readonly error: AttemptError | BrokenCircuitError;
}

/** A call being retried: what its attempts send and what they leave behind. */
export interface RetryCall extends CallRequest {
  /** The call's signal (aborted by dispose). */
  readonly signal: AbortSignal;
  /** The latest failed attempt; starts as the first attempt's failure. */
  last: FailedAttempt;
  /** The number of the latest attempt started: an attempt the machine abandoned must not overwrite `last`. */
  attempt: number;
  /**
   * Attempts still running, an abandoned one included until it has settled: the call settles only after them,
   * so dispose leaves nothing behind.
   */
  readonly pending: Set<Promise<unknown>>;
  /** The call's metrics and span, when the client is instrumented: every attempt is reported to it. */
  readonly observation?: CallObservation;
}

/**
 * Which call each running retry actor serves. The `attempt` actor is provided once per client, so it cannot
 * close over a call; each retry actor is a root actor with a system of its own, and that system is the key.
 */
export class RetryCallRegistry {
  private readonly calls = new WeakMap<object, RetryCall>();
  private readonly delays = new WeakMap<object, () => number>();

  /** @param delayBefore reads the backoff delay the retry actor waited before the attempt it is starting. */
  register(system: object, call: RetryCall, delayBefore?: () => number): void {
    this.calls.set(system, call);
    if (delayBefore !== undefined) this.delays.set(system, delayBefore);
  }

  get(system: object): RetryCall | undefined {
    return this.calls.get(system);
  }

  /** The delay the retry actor of `system` waited before its current attempt, ms; 0 when unknown. */
  delayBefore(system: object): number {
    return this.delays.get(system)?.() ?? 0;
  }
}

/** What the `attempt` actor needs beyond the attempt context. */
export interface AttemptActorDeps extends AttemptContext {
  readonly registry: RetryCallRegistry;
  readonly now: () => number;
}

/**
 * The retry machine's `attempt` actor: asks the breaker for a permit (a retry while the circuit is open fails
 * at once, as a non-transient refusal that ends the loop), sends the attempt with the call's Idempotency-Key,
 * reports the outcome to the breaker and keeps the typed error of a failure for the caller. It resolves in
 * every case; it throws only when no call is registered for its retry actor (a bug).
 */
export function createAttemptActor(deps: AttemptActorDeps) {
  return fromPromise<AttemptOutcome, AttemptInput>(async ({ input, system, signal }) => {
    const call = deps.registry.get(system);
    if (call === undefined) throw new Error('attempt: no call is registered for this retry actor');
    // Read as the attempt starts: once it settles the machine may have planned the next delay already.
    const delayMs = call.observation === undefined ? 0 : deps.registry.delayBefore(system);
    const refusal = refusalOf(deps, call);
    if (refusal !== undefined) {
      call.attempt = input.attempt;
      call.last = refusal;
      call.observation?.attempt(input.attempt, delayMs, { ok: false, failure: refusal.failure, error: refusal.error });
      return { ok: false, failure: refusal.failure, at: deps.now() };
    }
    call.attempt = input.attempt;
    const running = requestAttempt(deps, call, { signal: call.signal, timeoutMs: input.timeoutMs, abandonSignal: signal });
    call.pending.add(running);
    const outcome = await running;
    call.pending.delete(running);
    call.observation?.attempt(input.attempt, delayMs, outcome);
    if (outcome.ok) return { ok: true, value: outcome.value, at: outcome.at };
    if (call.attempt === input.attempt) call.last = { failure: outcome.failure, error: outcome.error };
    return { ok: false, failure: outcome.failure, at: outcome.at };
  });
}

/** Why this attempt may not be sent at all: the client is gone, or the breaker refuses. */
function refusalOf(deps: AttemptActorDeps, call: RetryCall): FailedAttempt | undefined {
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
