import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/**
 * A non-idempotent call (`createTask`, `createTaskFolder`, `sendDebugMessage`, `resetFileLocks`) failed in a way
 * that does not prove its request never reached the server (a lost or cut answer, a timeout, a 5xx), and the
 * server is not known to honour `Idempotency-Key` (the .NET server ignores it; see `IdempotencyKeySupport`). It
 * may have been applied, so it was not sent again: look the result up (e.g. `getTasks` for the task's name, or
 * call again with `{ idempotencyKey }` against a server that honours it) before deciding to call again.
 * `cause` is the error of the last attempt.
 */
export class OutcomeUnknownError extends VcconnError {
  readonly code = 'ERR_OUTCOME_UNKNOWN';
  /** The operation whose outcome is unknown, e.g. `createTask`. */
  readonly operation: string;
  /** The `Idempotency-Key` the request carried (the caller's, or the one the client made for the call). */
  readonly idempotencyKey: string | undefined;

  constructor(operation: string, idempotencyKey: string | undefined, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    const key = idempotencyKey === undefined ? '' : ` (Idempotency-Key ${idempotencyKey})`;
    super(`${operation}${key} may or may not have been applied: ${reason}; it was not repeated, since the server is not `
      + 'known to honour Idempotency-Key; look the result up before calling again', options);
    this.operation = operation;
    this.idempotencyKey = idempotencyKey;
  }
}

/** True when `value` is an {@link OutcomeUnknownError}. */
export function isOutcomeUnknownError(value: unknown): value is OutcomeUnknownError {
  return value instanceof OutcomeUnknownError || hasCode(value, 'ERR_OUTCOME_UNKNOWN');
}
