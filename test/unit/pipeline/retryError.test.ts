import { describe, expect, it } from 'vitest';
import type { CallFailure } from '../../../machines/types.js';
import { errorOfRetryFailure } from '../../../src/pipeline/retryError.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { HttpStatusError } from '../../../src/errors/HttpStatusError.js';
import { OperationTimeoutError } from '../../../src/errors/OperationTimeoutError.js';
import { OutcomeUnknownError } from '../../../src/errors/OutcomeUnknownError.js';
import { RequestAbortedError } from '../../../src/errors/RequestAbortedError.js';
import { RetryBudgetExceededError } from '../../../src/errors/RetryBudgetExceededError.js';

const unavailable: CallFailure = { kind: 'server', transient: true, status: 503, message: 'getTasks: HTTP 503' };
const lastError = new HttpStatusError('getTasks', 503, '');

describe('errorOfRetryFailure', () => {
  it('gives the last attempt\'s own error when the attempts ran out', () => {
    expect(errorOfRetryFailure({ ok: false, failure: unavailable, error: lastError, attempts: 4, reason: 'attemptsExhausted' }, 'getTasks', 60_000, 30_000)).toBe(lastError);
  });

  it('gives RetryBudgetExceededError with the attempts made, caused by the last error', () => {
    const error = errorOfRetryFailure({ ok: false, failure: unavailable, error: lastError, attempts: 2, reason: 'budgetExhausted' }, 'getTasks', 60_000, 30_000);
    expect(error).toBeInstanceOf(RetryBudgetExceededError);
    expect(error).toMatchObject({ operation: 'getTasks', attempts: 2, cause: lastError });
  });

  it('gives OperationTimeoutError with the operation\'s whole timeout when the deadline stopped the retries', () => {
    const error = errorOfRetryFailure({ ok: false, failure: unavailable, error: lastError, attempts: 3, reason: 'deadline' }, 'getTasks', 60_000, 30_000);
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error).toMatchObject({ operation: 'getTasks', timeoutMs: 60_000, cause: lastError });
  });

  it('gives OutcomeUnknownError naming the key when a POST that may have landed was not repeated', () => {
    const reset: CallFailure = { kind: 'network', transient: true, message: 'createTask: network error ECONNRESET' };
    const error = errorOfRetryFailure({ ok: false, failure: reset, error: lastError, attempts: 2, reason: 'outcomeUnknown' }, 'createTask', 60_000, 30_000, 'key-7');
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ code: 'ERR_OUTCOME_UNKNOWN', operation: 'createTask', idempotencyKey: 'key-7', cause: lastError });
    expect(error.message).toContain('Idempotency-Key key-7');
  });

  it('gives the BrokenCircuitError of a retry the open circuit refused', () => {
    const refusal = new BrokenCircuitError(5000, 'getTasks');
    const failure: CallFailure = { kind: 'aborted', transient: false, message: refusal.message };
    expect(errorOfRetryFailure({ ok: false, failure, error: refusal, attempts: 2, reason: 'nonTransient' }, 'getTasks', 60_000, 30_000))
      .toBe(refusal);
  });

  it('gives an OperationTimeoutError of one attempt for a timeout only the machine saw', () => {
    const failure: CallFailure = { kind: 'timeout', transient: true, message: 'attempt 2 timed out after 30000 ms' };
    const error = errorOfRetryFailure({ ok: false, failure, error: undefined, attempts: 2, reason: 'attemptsExhausted' }, 'getTasks', 60_000, 30_000);
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 30_000 });
  });

  it('gives a RequestAbortedError caused by what the attempt actor threw', () => {
    const failure: CallFailure = { kind: 'aborted', transient: false, message: 'bug' };
    const thrown = new TypeError('bug');
    const error = errorOfRetryFailure({ ok: false, failure, error: thrown, attempts: 2, reason: 'attemptThrew' }, 'getTasks', 60_000, 30_000);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error.cause).toBe(thrown);
  });
});
