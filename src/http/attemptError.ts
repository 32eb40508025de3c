import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import { HttpStatusError } from '../errors/HttpStatusError.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { InvalidResponseError } from '../errors/InvalidResponseError.js';
import { NetworkError } from '../errors/NetworkError.js';
import { OperationTimeoutError } from '../errors/OperationTimeoutError.js';
import { PoolTimeoutError } from '../errors/PoolTimeoutError.js';
import { RequestAbortedError } from '../errors/RequestAbortedError.js';

/** Every error one attempt can end with. `classifyFailure` turns any thrown value into one of these. */
export type AttemptError =
  | NetworkError
  | OperationTimeoutError
  | HttpStatusError
  | PoolTimeoutError
  | InvalidResponseError
  | ClientDisposedError
  | RequestAbortedError
  | InvalidArgumentError;

const attemptErrorClasses = [
  NetworkError, OperationTimeoutError, HttpStatusError, PoolTimeoutError, InvalidResponseError, ClientDisposedError,
  RequestAbortedError, InvalidArgumentError,
] as const;

/** True when `value` is one of the {@link AttemptError} classes. */
export function isAttemptError(value: unknown): value is AttemptError {
  return attemptErrorClasses.some((errorClass) => value instanceof errorClass);
}
