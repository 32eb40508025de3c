import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/**
 * A request waited longer than `ConnectionPoolTimeoutMs` for a free socket: every one of the pool's
 * `ConnectionPoolSize` connections was busy. The request was never sent.
 */
export class PoolTimeoutError extends VcconnError {
  readonly code = 'ERR_POOL_TIMEOUT';
  /** How long the request waited, in milliseconds. */
  readonly waitedMs: number;
  /** The pool's size (`ConnectionPoolSize`). */
  readonly poolSize: number;
  /** The operation that waited, when known. */
  readonly operation: string | undefined;

  constructor(waitedMs: number, poolSize: number, operation?: string) {
    super(
      `${operation ?? 'Request'} waited ${waitedMs} ms for a free connection; all ${poolSize} pooled connection(s) busy`,
    );
    this.waitedMs = waitedMs;
    this.poolSize = poolSize;
    this.operation = operation;
  }

  /** The same error, naming the operation that waited. */
  withOperation(operation: string): PoolTimeoutError {
    return new PoolTimeoutError(this.waitedMs, this.poolSize, operation);
  }
}

/** True when `value` is a {@link PoolTimeoutError}. */
export function isPoolTimeoutError(value: unknown): value is PoolTimeoutError {
  return value instanceof PoolTimeoutError || hasCode(value, 'ERR_POOL_TIMEOUT');
}
