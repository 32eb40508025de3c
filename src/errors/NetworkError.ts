import { redactKnownSecrets } from '../util/redact/secretValues.js';
import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** No HTTP answer at all: refused, reset, DNS failure, TLS failure, socket hang up. */
export class NetworkError extends VcconnError {
  readonly code = 'ERR_NETWORK';
  /** The operation that failed, e.g. `getTasks`. */
  readonly operation: string;
  /** The system or TLS error code, e.g. `ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT` (`EUNKNOWN` when none). */
  readonly errorCode: string;
  /**
   * Whether trying again may help: true for refused, reset, hang-up and for the routing failures a dropped VPN
   * gives (`ENOTFOUND`, `EAI_AGAIN`, `ENETUNREACH`, `EHOSTUNREACH`, `ENETDOWN`); false for certificate errors,
   * which no retry fixes.
   */
  readonly retryable: boolean;
  /**
   * True when the failure proves no byte of the request reached the server (refused, the name did not resolve,
   * the TLS handshake failed, the request never got a connected socket); false when unsure.
   */
  readonly neverSent: boolean;

  /**
   * @param message the underlying error's message; secrets in it are redacted (also the values of the cause's
   *   request headers, when the cause is an axios error: see {@link VcconnError}).
   */
  constructor(
    operation: string, errorCode: string, message: string, retryable: boolean, options?: { cause?: unknown; neverSent?: boolean },
  ) {
    super(`${operation}: network error ${errorCode}: ${redactKnownSecrets(message)}`, options);
    this.operation = operation;
    this.errorCode = errorCode;
    this.retryable = retryable;
    this.neverSent = options?.neverSent === true;
  }
}

/** True when `value` is a {@link NetworkError}. */
export function isNetworkError(value: unknown): value is NetworkError {
  return value instanceof NetworkError || hasCode(value, 'ERR_NETWORK');
}
