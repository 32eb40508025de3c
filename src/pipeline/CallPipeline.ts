import { randomUUID } from 'node:crypto';
import { acquirePermit } from '../../machines/breaker/permit.js';
import { retryMachine } from '../../machines/retry.machine.js';
import type { RandomSource } from '../../machines/random.js';
import type { RetryBudget } from '../../machines/retryBudget.js';
import { isRetrySafe, needsIdempotencyKey, operations } from '../api/operations/index.js';
import type { OperationArgs, OperationName, OperationResult } from '../api/operations/index.js';
import { BrokenCircuitError } from '../errors/BrokenCircuitError.js';
import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import { RequestAbortedError } from '../errors/RequestAbortedError.js';
import { withoutStackTrace } from '../errors/withoutStackTrace.js';
import type { HttpClient } from '../http/createHttpClient.js';
import type { ClientLogger } from '../logging/ClientLogger.js';
import { settleObservation } from '../metrics/settleObservation.js';
import type { CallObservation, ClientObserver } from '../metrics/types.js';
import { InFlightCalls } from '../util/InFlightCalls.js';
import { linkSignals } from '../util/linkSignals.js';
import { createAttemptActor } from './attemptActor.js';
import type { BreakerActor } from './breakerActor.js';
import type { CallStats } from './CallStats.js';
import type { KeySupport } from './KeySupport.js';
import { errorOfLastAttempt, isRepeatSafe, keySent } from './outcomeOf.js';
import type { ActorClock, ActorInspector } from './options.js';
import { requestAttempt } from './requestAttempt.js';
import type { AttemptContext } from './requestAttempt.js';
import { RetryCall } from './RetryCall.js';
import { errorOfRetryFailure } from './retryError.js';
import { runRetryActor } from './runRetryActor.js';
import type { EnhancedSettings } from './settings.js';

/**
 * The retry machine with the `attempt` actor provided, once for the whole process: the actor finds everything it
 * needs (what to send, the sockets, the breaker) in the {@link RetryCall} its input carries, so no client has to
 * make a copy of the machine of its own.
 */
const retryLogic = retryMachine.provide({ actors: { attempt: createAttemptActor() } });

/** What a pipeline runs on: one client's sockets, breaker, budget and tallies. */
export interface CallPipelineParts {
  readonly http: HttpClient;
  readonly breaker: BreakerActor;
  readonly budget: RetryBudget;
  readonly settings: EnhancedSettings;
  readonly stats: CallStats;
  /** Whether the server honours Idempotency-Key, as the client's health probes learned it. */
  readonly keySupport: KeySupport;
  readonly logger: ClientLogger;
  readonly now: () => number;
  readonly random: RandomSource;
  readonly observer: ClientObserver | undefined;
  readonly clock: ActorClock | undefined;
  readonly inspect: ActorInspector | undefined;
  /** Give each BrokenCircuitError a stack trace (capturing one costs more than the rest of a refusal). */
  readonly refusalStackTraces: boolean;
}

/**
 * The whole path of one Enhanced call: permit -> first attempt -> outcome to the breaker and the budget -> a retry
 * actor only after a transient failure -> the typed error the machine's output carries.
 *
 * - Every call asks the breaker for a permit with a synchronous snapshot read; an open (or isolated, or busy
 *   half-open) circuit refuses it at once with {@link BrokenCircuitError} carrying `retryAfterMs`.
 * - The first attempt runs directly (no actor): the happy path spawns nothing.
 * - Non-idempotent operations carry an `Idempotency-Key` (one UUID per call, the same on every attempt). They are
 *   repeated only when the server honours it, or when the failure proves the request never left; otherwise the
 *   call rejects with {@link OutcomeUnknownError} naming the key.
 */
export class CallPipeline {
  private readonly calls = new InFlightCalls();
  private readonly attemptContext: AttemptContext;
  private disposing = false;

  constructor(private readonly parts: CallPipelineParts) {
    this.attemptContext = { http: parts.http, breaker: parts.breaker, isActive: () => !this.disposing, now: parts.now };
  }

  /** Calls running now. */
  get inFlight(): number {
    return this.calls.size;
  }

  /** Runs `work` as one of this pipeline's calls: `abortAll` ends it too. For calls outside the breaker (health). */
  track<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.calls.run(work);
  }

  /**
   * One call of `operation`; rejects with a typed error. `callerSignal`, when given, aborts this call alone (its
   * attempt's request is destroyed, its retry actor stopped) with RequestAbortedError; the breaker does not count
   * that. Without it the call pays for no signal of its own.
   */
  invoke<N extends OperationName>(operation: N, args: OperationArgs<N>, callerSignal?: AbortSignal): Promise<OperationResult<N>> {
    if (this.disposing) return Promise.reject(new ClientDisposedError(operation));
    const { now, observer, breaker } = this.parts;
    const startedAt = now();
    const observation = observer?.callStarted(operation);
    const permit = acquirePermit(breaker, startedAt);
    if (!permit.allowed) {
      const refusal = this.refusal(permit.retryAfterMs, operation);
      observation?.failed(refusal);
      return Promise.reject(refusal);
    }
    const result = callerSignal === undefined
      ? this.calls.run((signal) => this.call(operation, args, signal, startedAt, observation))
      : this.calls.run((signal) => this.callLinked(operation, args, signal, callerSignal, startedAt, observation));
    return observation === undefined ? result : settleObservation(result, observation);
  }

  /** Rejects every running call with `reason` (retry actors stopped, attempts aborted) and waits until they settled. */
  async abortAll(reason: ClientDisposedError): Promise<void> {
    this.disposing = true;
    await this.calls.abortAll(reason);
  }

  private refusal(retryAfterMs: number, operation: string): BrokenCircuitError {
    // Isolated has no end: BrokenCircuitError reports 0 ("unknown") rather than Infinity.
    const make = () => new BrokenCircuitError(Number.isFinite(retryAfterMs) ? retryAfterMs : 0, operation);
    const error = this.parts.refusalStackTraces ? make() : withoutStackTrace(make);
    this.parts.logger.debug(error.message, { operation, code: error.code, state: this.parts.breaker.getSnapshot().value });
    return error;
  }

  /** A call that either the client's shared signal (dispose) or the caller's own aborts. */
  private async callLinked<N extends OperationName>(
    operation: N, args: OperationArgs<N>, shared: AbortSignal, callerSignal: AbortSignal, startedAt: number, observation: CallObservation | undefined,
  ): Promise<OperationResult<N>> {
    const linked = linkSignals(shared, callerSignal);
    try {
      return await this.call(operation, args, linked.signal, startedAt, observation);
    } finally {
      linked.unlink();
    }
  }

  /** The hot path: one attempt, its outcome to the breaker and the budget; a retry actor only after a failure. */
  private async call<N extends OperationName>(
    operation: N, args: OperationArgs<N>, signal: AbortSignal, startedAt: number, observation: CallObservation | undefined,
  ): Promise<OperationResult<N>> {
    const { settings, budget, stats } = this.parts;
    const deadlineMs = settings.deadlineMs[operations[operation].timeoutProfile];
    const idempotencyKey = needsIdempotencyKey(operation) ? randomUUID() : undefined;
    // Read once per call: a health answer arriving mid-call does not change how this call's attempts are judged.
    const keyHonoured = idempotencyKey !== undefined && this.parts.keySupport.honoured;
    const request = { operation, args, idempotencyKey };
    const timeoutMs = Math.min(settings.retryPolicy.attemptTimeoutMs, deadlineMs);
    const first = await requestAttempt(this.attemptContext, request, { signal, timeoutMs, traceHeaders: observation?.traceHeaders });
    observation?.attempt(1, 0, first);
    if (first.ok) {
      budget.recordSuccess();
      stats.recordSuccess();
      return first.value;
    }
    const { failure, error } = first;
    if (failure.transient) budget.recordFailure();
    // A failure the machine would give up on at once spawns no actor: not transient, or a POST that may have landed.
    if (!failure.transient || signal.aborted || settings.retryPolicy.maxRetryAttempts === 0 || !isRepeatSafe(operation, failure, keyHonoured)) {
      stats.recordFailure(failure);
      throw errorOfLastAttempt(operation, failure, error, keySent(operation, args, idempotencyKey), keyHonoured);
    }
    this.parts.logger.warn(`${operation} attempt 1 failed (${failure.message}); retrying`, { operation, kind: failure.kind, status: failure.status });
    const call = new RetryCall(operation, args, idempotencyKey, signal, observation, this.attemptContext);
    const output = await runRetryActor(retryLogic, {
      policy: settings.retryPolicy,
      firstFailure: failure,
      firstError: error,
      call,
      at: first.at,
      idempotent: isRetrySafe(operation),
      hasIdempotencyKey: idempotencyKey !== undefined,
      keyHonoured,
      deadlineAt: startedAt + deadlineMs,
      random: this.parts.random,
      budget,
    }, signal, { clock: this.parts.clock, inspect: this.parts.inspect });
    // The machine may be done before an attempt it abandoned has settled: wait, so nothing outlives the call.
    await call.settled();
    if (output === null) throw stoppedError(signal.reason, operation);
    if (output.ok) {
      stats.recordSuccess();
      return output.value as OperationResult<N>;
    }
    stats.recordFailure(output.failure);
    throw errorOfRetryFailure(output, operation, deadlineMs, settings.retryPolicy.attemptTimeoutMs, keySent(operation, args, idempotencyKey));
  }
}

function stoppedError(reason: unknown, operation: string): Error {
  return reason instanceof ClientDisposedError ? reason.withOperation(operation) : new RequestAbortedError(operation, { cause: reason });
}
