import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** The client was disposed: in-flight calls are rejected with this, and so is every later call. */
export class ClientDisposedError extends VcconnError {
  readonly code = 'ERR_CLIENT_DISPOSED';
  /** The operation that was cut short or refused, when known. */
  readonly operation: string | undefined;

  constructor(operation?: string) {
    super(operation === undefined ? 'The API client was disposed' : `${operation}: the API client was disposed`);
    this.operation = operation;
  }

  /** The same error, naming the operation it cut short. */
  withOperation(operation: string): ClientDisposedError {
    return new ClientDisposedError(operation);
  }
}

/** True when `value` is a {@link ClientDisposedError}. */
export function isClientDisposedError(value: unknown): value is ClientDisposedError {
  return value instanceof ClientDisposedError || hasCode(value, 'ERR_CLIENT_DISPOSED');
}
