import { redactSnippet } from '../util/redact/secretValues.js';
import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** The server answered with an error status the operation does not turn into a value (5xx, 429, 408, most 4xx). */
export class HttpStatusError extends VcconnError {
  readonly code = 'ERR_HTTP_STATUS';
  /** The operation that got the answer, e.g. `createTask`. */
  readonly operation: string;
  readonly status: number;
  /**
   * The first characters of the body, for logs, with secrets redacted: servers and gateways echo the request's
   * headers, so the values of every client's configured headers go, whatever their names, and so does what
   * `redactString` recognises (Authorization values, bearer tokens, JWTs, `password=...`, URL passwords), also
   * the head of a value the snippet's cut fell into.
   */
  readonly body: string;
  /** The server's Retry-After in milliseconds, when it sent one that parses. */
  readonly retryAfterMs: number | undefined;

  constructor(operation: string, status: number, body: string, retryAfterMs?: number) {
    const shown = redactSnippet(body);
    super(`${operation}: HTTP ${status}${shown === '' ? '' : `: ${shown}`}`);
    this.operation = operation;
    this.status = status;
    this.body = shown;
    this.retryAfterMs = retryAfterMs;
  }
}

/** True when `value` is an {@link HttpStatusError}. */
export function isHttpStatusError(value: unknown): value is HttpStatusError {
  return value instanceof HttpStatusError || hasCode(value, 'ERR_HTTP_STATUS');
}
