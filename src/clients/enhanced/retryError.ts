import type { RetryOutput } from '../../../machines/retry/types.js';
import type { RetryCall } from '../../actors/attemptActor.js';
import type { BrokenCircuitError } from '../../errors/BrokenCircuitError.js';
import { OperationTimeoutError } from '../../errors/OperationTimeoutError.js';
import { RequestAbortedError } from '../../errors/RequestAbortedError.js';
import { RetryBudgetExceededError } from '../../errors/RetryBudgetExceededError.js';
import type { AttemptError } from '../../http/attemptError.js';

/** Every error a failed Enhanced call rejects with. */
export type EnhancedCallError = AttemptError | BrokenCircuitError | RetryBudgetExceededError;

/**
 * The typed error a retry loop that gave up amounts to:
 * - `budgetExhausted`: {@link RetryBudgetExceededError}, caused by the last attempt's error;
 * - `deadline`: {@link OperationTimeoutError} with the operation's whole timeout, caused by the last attempt's error;
 * - otherwise the last attempt's own error (an HttpStatusError, a NetworkError, a BrokenCircuitError when a
 *   retry found the circuit open, ...).
 *
 * @param deadlineMs the operation's timeout profile, ms.
 * @param attemptTimeoutMs the bound of one attempt, for a timeout only the machine saw.
 */
export function errorOfRetryFailure(
  output: Extract<RetryOutput, { ok: false }>, call: Pick<RetryCall, 'operation' | 'last'>,
  deadlineMs: number, attemptTimeoutMs: number,
): EnhancedCallError {
  const last = lastError(output, call, attemptTimeoutMs);
  switch (output.reason) {
    case 'budgetExhausted':
      return new RetryBudgetExceededError(call.operation, output.attempts, { cause: last });
    case 'deadline':
      return new OperationTimeoutError(call.operation, deadlineMs, { cause: last });
    default:
      return last;
  }
}

function lastError(
  output: Extract<RetryOutput, { ok: false }>, call: Pick<RetryCall, 'operation' | 'last'>, attemptTimeoutMs: number,
): AttemptError | BrokenCircuitError {
  const { failure } = output;
  // The machine carries the failure object the attempt gave it; a timeout the machine decided alone has the same kind.
  if (failure === call.last.failure || failure.kind === call.last.failure.kind) return call.last.error;
  if (failure.kind === 'timeout') return new OperationTimeoutError(call.operation, attemptTimeoutMs);
  return new RequestAbortedError(call.operation, { cause: new Error(failure.message) });
}
