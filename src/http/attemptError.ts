import type { ClientDisposedError } from '../errors/ClientDisposedError.js';
import type { HttpStatusError } from '../errors/HttpStatusError.js';
import type { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { InvalidResponseError } from '../errors/InvalidResponseError.js';
import type { NetworkError } from '../errors/NetworkError.js';
import type { OperationTimeoutError } from '../errors/OperationTimeoutError.js';
import type { PoolTimeoutError } from '../errors/PoolTimeoutError.js';
import type { RequestAbortedError } from '../errors/RequestAbortedError.js';

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
