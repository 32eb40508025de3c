import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** An attempt (or a whole call's deadline) ran past its time limit. */
export class OperationTimeoutError extends VcconnError {
  readonly code = 'ERR_OPERATION_TIMEOUT';
  /** The operation that timed out, e.g. `getTasks`. */
  readonly operation: string;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  /**
   * True when the attempt timed out before its request could leave: still waiting for a pooled socket, still
   * connecting (a blackholed address), or still in the TLS handshake. False when unsure.
   */
  readonly neverSent: boolean;

  constructor(operation: string, timeoutMs: number, options?: { cause?: unknown; neverSent?: boolean }) {
    super(`${operation} timed out after ${timeoutMs} ms${options?.neverSent === true ? ' (before the request was sent)' : ''}`, options);
    this.operation = operation;
    this.timeoutMs = timeoutMs;
    this.neverSent = options?.neverSent === true;
  }
}

/** True when `value` is an {@link OperationTimeoutError}. */
export function isOperationTimeoutError(value: unknown): value is OperationTimeoutError {
  return value instanceof OperationTimeoutError || hasCode(value, 'ERR_OPERATION_TIMEOUT');
}
