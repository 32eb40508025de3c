import type { RetryOutput } from '../../machines/retry/types.js';
import { BrokenCircuitError } from '../errors/BrokenCircuitError.js';
import { OperationTimeoutError } from '../errors/OperationTimeoutError.js';
import { OutcomeUnknownError } from '../errors/OutcomeUnknownError.js';
import { RequestAbortedError } from '../errors/RequestAbortedError.js';
import { RetryBudgetExceededError } from '../errors/RetryBudgetExceededError.js';
import type { AttemptError } from '../http/attemptError.js';
import { isAttemptError } from '../http/attemptError.js';

/** Every error a failed Enhanced call rejects with. */
export type EnhancedCallError = AttemptError | BrokenCircuitError | RetryBudgetExceededError | OutcomeUnknownError;

/**
 * The typed error a retry loop that gave up amounts to:
 * - `budgetExhausted`: {@link RetryBudgetExceededError}, caused by the last attempt's error;
 * - `deadline`: {@link OperationTimeoutError} with the operation's whole timeout, caused by the last attempt's error;
 * - `outcomeUnknown`: {@link OutcomeUnknownError} naming `idempotencyKey`, caused by the last attempt's error;
 * - otherwise the last attempt's own error, as the machine's output carries it (an HttpStatusError, a
 *   NetworkError, a BrokenCircuitError when a retry found the circuit open, ...); an attempt the machine timed
 *   out itself has none, and becomes an OperationTimeoutError of one attempt's bound.
 *
 * @param deadlineMs the operation's timeout profile, ms.
 * @param attemptTimeoutMs the bound of one attempt, for a timeout only the machine saw.
 * @param idempotencyKey the key the call's requests carried, for the caller to look the outcome up by.
 */
export function errorOfRetryFailure(
  output: Extract<RetryOutput, { ok: false }>, operation: string, deadlineMs: number, attemptTimeoutMs: number,
  idempotencyKey?: string,
): EnhancedCallError {
  const last = lastError(output, operation, attemptTimeoutMs);
  switch (output.reason) {
    case 'budgetExhausted':
      return new RetryBudgetExceededError(operation, output.attempts, { cause: last });
    case 'deadline':
      return new OperationTimeoutError(operation, deadlineMs, { cause: last });
    case 'outcomeUnknown':
      return new OutcomeUnknownError(operation, idempotencyKey, { cause: last });
    default:
      return last;
  }
}

function lastError(
  output: Extract<RetryOutput, { ok: false }>, operation: string, attemptTimeoutMs: number,
): AttemptError | BrokenCircuitError {
  const { error, failure } = output;
  if (isAttemptError(error) || error instanceof BrokenCircuitError) return error;
  if (error === undefined && failure.kind === 'timeout') return new OperationTimeoutError(operation, attemptTimeoutMs);
  // The attempt actor threw (a bug) or gave a foreign error: keep it as the cause, never lose it.
  return new RequestAbortedError(operation, { cause: error ?? new Error(failure.message) });
}
