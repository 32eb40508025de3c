/**
 * An HTTP answer other than success, thrown by a route and written by the server's error formatter.
 * `details` are extra JSON fields of the answer (e.g. `currentTask` of a 409); a route never writes the
 * response itself, so the same error reads the same in every compatibility style.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** True when `value` is an {@link HttpError}. */
export function isHttpError(value: unknown): value is HttpError {
  return value instanceof HttpError;
}
