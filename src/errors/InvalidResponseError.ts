import { redactKnownSecrets, redactSnippet } from '../util/redact/secretValues.js';
import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** Why an answer was rejected. */
export type InvalidResponseReason =
  /** The body is not JSON (or is empty where JSON was required). */
  | 'malformedJson'
  /** The body is an HTML page (a proxy's or a web server's error page). */
  | 'html'
  /** Valid JSON, but not the shape the contract says. */
  | 'shape'
  /** The body is larger than `MaxResponseBytes`. */
  | 'tooLarge'
  /** A 3xx answer: redirects are never followed, so credentials never reach another host. */
  | 'redirect'
  /** A status the operation does not expect (1xx or other oddities). */
  | 'unexpectedStatus';

/** The server answered, but not with what the operation's contract says. Never retried. */
export class InvalidResponseError extends VcconnError {
  readonly code = 'ERR_INVALID_RESPONSE';
  /** The operation whose answer was rejected, e.g. `getTasks`. */
  readonly operation: string;
  readonly reason: InvalidResponseReason;
  /** HTTP status of the answer (undefined when the body was cut off before a status was kept). */
  readonly status: number | undefined;
  /** The first characters of the body, for logs, secrets redacted as in `HttpStatusError.body`. */
  readonly bodySnippet: string;

  /**
   * @param detail what is wrong; it may quote the answer (a Location, a parser's excerpt of the body), so secrets
   *   in it are redacted, like those of `info.bodySnippet`.
   */
  constructor(
    operation: string,
    reason: InvalidResponseReason,
    detail: string,
    info: { status?: number; bodySnippet?: string; cause?: unknown } = {},
  ) {
    super(`${operation}: invalid response (${reason}): ${redactKnownSecrets(detail)}`, { cause: info.cause });
    this.operation = operation;
    this.reason = reason;
    this.status = info.status;
    this.bodySnippet = this.redact(redactSnippet(info.bodySnippet ?? ''));
  }
}

/** True when `value` is an {@link InvalidResponseError}. */
export function isInvalidResponseError(value: unknown): value is InvalidResponseError {
  return value instanceof InvalidResponseError || hasCode(value, 'ERR_INVALID_RESPONSE');
}
