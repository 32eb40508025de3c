import type { BackoffState } from '../backoff/types.js';
import type { RandomSource } from '../random.js';
import type { RetryBudget } from '../retryBudget.js';
import type { CallFailure, JitterMode } from '../types.js';

/** The retry settings of a client, in ms; build them with `retryPolicyFrom(connectionOptions)`. */
export interface RetryPolicy {
  /** `MaxRetryAttempts`: retries after the first attempt (so at most 1 + this many attempts). */
  readonly maxRetryAttempts: number;
  /** `BaseRetryDelayMs`. */
  readonly baseDelayMs: number;
  /** `MaxRetryDelayMs`: cap of every computed delay. */
  readonly maxDelayMs: number;
  /** `JitterMode` when `EnableJitter`, else `none`. */
  readonly jitterMode: JitterMode;
  /** `RetryAfterMaxSeconds` in ms: the longest wait a server's Retry-After can impose. */
  readonly retryAfterCapMs: number;
  /** `DefaultTimeoutSeconds` in ms: the bound of one attempt (further bounded by the deadline). */
  readonly attemptTimeoutMs: number;
}

/**
 * The call a retry loop repeats, as the caller describes it. The machine never reads it beyond `operation`: it
 * hands it to every `attempt` as is, so the attempt knows what to send without any lookup on the side.
 */
export interface RetriedCall {
  /** The operation's name, e.g. `createTask`. */
  readonly operation: string;
}

/** Input of one retry loop, spawned after a first attempt failed. */
export interface RetryInput {
  readonly policy: RetryPolicy;
  /** The failure of the first attempt (made outside the machine). */
  readonly firstFailure: CallFailure;
  /** That attempt's own error (opaque to the machine), given back in the output if no later attempt replaces it. */
  readonly firstError?: unknown;
  /** The call to repeat, passed to each `attempt`. */
  readonly call?: RetriedCall;
  /** When that first attempt failed: epoch ms from the caller's clock. */
  readonly at: number;
  /** The call is safe to repeat (GET, PUT, DELETE, HEAD, OPTIONS). */
  readonly idempotent: boolean;
  /** The request carries an `Idempotency-Key` header (the same on every attempt). */
  readonly hasIdempotencyKey: boolean;
  /**
   * The server is known to honour that header (configured `Always`, or its health answer advertised it under
   * `Auto`). A key the server ignores (the .NET server) makes no repeat safe: only then does the key count.
   */
  readonly keyHonoured: boolean;
  /** The operation's deadline: when it started plus its timeout profile (health/default/task/file), epoch ms. */
  readonly deadlineAt: number;
  /** Uniform [0,1) source for the jitter. Default `Math.random`. */
  readonly random?: RandomSource;
  /** The client's shared retry budget; without one, retries are limited only by the policy. */
  readonly budget?: RetryBudget;
}

/** Input of the `attempt` actor. */
export interface AttemptInput {
  /** 1-based number of this attempt, counting the first one made outside the machine (so retries start at 2). */
  readonly attempt: number;
  /** How long this attempt may take: min(attempt timeout, what is left of the deadline). */
  readonly timeoutMs: number;
  /** The backoff delay waited before this attempt, ms. */
  readonly delayMs: number;
  /** The call to send: the retry input's `call`, as is. */
  readonly call?: RetriedCall;
}

/**
 * Output of the `attempt` actor: it resolves in both cases; it throws only on a bug. A failure may carry the
 * attempt's own `error` (a typed error of the caller's), which the machine keeps, unread, for its output.
 */
export type AttemptOutcome =
  | { readonly ok: true; readonly value: unknown; readonly at: number }
  | { readonly ok: false; readonly failure: CallFailure; readonly error?: unknown; readonly at: number };

/** Why a retry loop gave up. */
export type RetryFailureReason =
  /** The failure is not worth retrying (a 4xx other than 408/429, a bad answer, an abort). */
  | 'nonTransient'
  /**
   * A non-idempotent call without an Idempotency-Key the server honours, after a failure that does not prove the
   * request never reached the server: it may have been applied, and repeating it could act twice.
   */
  | 'outcomeUnknown'
  /** `MaxRetryAttempts` retries were made. */
  | 'attemptsExhausted'
  /** The client's retry budget is below half: most calls are failing. */
  | 'budgetExhausted'
  /** The next retry could not start before the operation's deadline. */
  | 'deadline'
  /** The `attempt` actor threw instead of resolving with an outcome. */
  | 'attemptThrew';

/** Final output of the retry machine. */
export type RetryOutput =
  | { readonly ok: true; readonly value: unknown; readonly attempts: number }
  | {
    readonly ok: false;
    readonly failure: CallFailure;
    /**
     * The error of the attempt whose `failure` this is (the first attempt's `firstError`, an `attempt`'s outcome
     * `error`, or what the `attempt` actor threw); undefined when the machine decided the failure alone (an
     * attempt it timed out), or when the attempt gave none.
     */
    readonly error: unknown;
    readonly attempts: number;
    readonly reason: RetryFailureReason;
  };

/** The retry machine's context. */
export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly idempotent: boolean;
  readonly hasIdempotencyKey: boolean;
  readonly keyHonoured: boolean;
  readonly deadlineAt: number;
  readonly random: RandomSource;
  readonly budget: RetryBudget | null;
  /** Attempts made so far, the first included. */
  readonly attempts: number;
  /** The latest time the loop knows: the last outcome's `at`, advanced by each timer that fires. */
  readonly now: number;
  readonly failure: CallFailure;
  /** The error that goes with `failure` (see {@link RetryOutput}). */
  readonly error: unknown;
  readonly call: RetriedCall | undefined;
  readonly backoff: BackoffState;
  /** The delay planned before the next attempt, and the backoff state once it is taken. */
  readonly delayMs: number;
  readonly plannedBackoff: BackoffState;
  readonly value: unknown;
  readonly reason: RetryFailureReason | null;
}
