import type { CallFailure } from '../../machines/types.js';
import { isRetrySafe, operations } from '../api/operations/index.js';
import type { OperationArgs, OperationName, OperationSpec } from '../api/operations/index.js';
import { OutcomeUnknownError } from '../errors/OutcomeUnknownError.js';

/**
 * Whether `operation` may be sent again after `failure` without risk of applying it twice: the rule the retry
 * machine's `isRetrySafe` guard models, for the decisions made without a retry actor (the first failure, and the
 * Standard client's loop). Safe when the operation is idempotent, when the server honours the key the request
 * carried, or when the failure proves the request never left.
 */
export function isRepeatSafe(operation: OperationName, failure: CallFailure, keyHonoured: boolean): boolean {
  return isRetrySafe(operation) || keyHonoured || failure.neverSent === true;
}

/**
 * What a call that will not be tried again rejects with: its last error, or an {@link OutcomeUnknownError} (caused
 * by it, naming the key sent) when a transient failure leaves a non-idempotent call possibly applied. A failure
 * that is not transient (a 4xx, a refused certificate, an abort) is an answer or a refusal, and is kept as it is.
 */
export function errorOfLastAttempt<E>(
  operation: OperationName, failure: CallFailure, error: E, idempotencyKey: string | undefined, keyHonoured: boolean,
): E | OutcomeUnknownError {
  if (!failure.transient || isRepeatSafe(operation, failure, keyHonoured)) return error;
  return new OutcomeUnknownError(operation, idempotencyKey, { cause: error });
}

/**
 * The `Idempotency-Key` a call's requests carried: the caller's own (`{ idempotencyKey }`), which the request
 * builder puts on the wire in place of the client's, else `clientKey`. Built again from the arguments, on the
 * failure path only, rather than carried through every attempt.
 */
export function keySent<N extends OperationName>(operation: N, args: OperationArgs<N>, clientKey: string | undefined): string | undefined {
  const spec: OperationSpec<N> = operations[operation];
  try {
    return spec.request(...args).idempotencyKey ?? clientKey;
  } catch {
    // Arguments the builder refuses were never sent at all; the client's key is all there is to name.
    return clientKey;
  }
}
