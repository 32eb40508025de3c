import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** An attempt was aborted through its AbortSignal by its owner (a stopped actor, a caller), not by a timeout. */
export class RequestAbortedError extends VcconnError {
  readonly code = 'ERR_ABORTED';
  /** The operation that was aborted. */
  readonly operation: string;

  constructor(operation: string, options?: { cause?: unknown }) {
    super(`${operation} was aborted`, options);
    this.operation = operation;
  }
}

/** True when `value` is a {@link RequestAbortedError}. */
export function isRequestAbortedError(value: unknown): value is RequestAbortedError {
  return value instanceof RequestAbortedError || hasCode(value, 'ERR_ABORTED');
}
