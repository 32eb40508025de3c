import type { AxiosError } from 'axios';
import type { CallFailure, FailureKind } from '../../machines/types.js';
import { VcconnError } from '../errors/VcconnError.js';
import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import { HttpStatusError } from '../errors/HttpStatusError.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { InvalidResponseError } from '../errors/InvalidResponseError.js';
import { NetworkError } from '../errors/NetworkError.js';
import { OperationTimeoutError } from '../errors/OperationTimeoutError.js';
import { PoolTimeoutError } from '../errors/PoolTimeoutError.js';
import { RequestAbortedError } from '../errors/RequestAbortedError.js';
import { isRetryableNoAnswer } from './isRetryableNoAnswer.js';
import type { AttemptError } from './attemptError.js';
import { provesNeverSent } from './neverSent.js';
import { snippet } from './snippet.js';
import { ProxyError } from './ProxyTunnelAgent.js';
import { parseRetryAfter } from './retryAfter.js';
import { AXIOS_ECONNABORTED, AXIOS_ERR_CANCELED, isAxiosError } from './isAxiosError.js';

/**
 * What an HTTP status means for retrying: 408, 429 and 5xx are transient (worth another attempt and counted by
 * the breaker); any other 4xx is the request's own fault; anything else is not an error status.
 */
export function classifyStatus(status: number): { kind: FailureKind; transient: boolean } {
  if (status === 408) return { kind: 'requestTimeout', transient: true };
  if (status === 429) return { kind: 'rateLimited', transient: true };
  if (status >= 500 && status <= 599) return { kind: 'server', transient: true };
  if (status >= 400 && status <= 499) return { kind: 'client', transient: false };
  return { kind: 'invalidResponse', transient: false };
}

/**
 * Routing failures: what a dropped VPN or a network that is down for a moment gives. axios-retry's
 * `isNetworkError` (whose rule `isRetryableNoAnswer` keeps) refuses ENOTFOUND and ENETUNREACH as permanent, but on
 * a corporate network a name that does not
 * resolve is usually a VPN that is reconnecting: they are worth another attempt and a count by the breaker.
 */
export const TRANSIENT_ROUTING_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);

/** Whether another attempt may help after a failure with this code and no HTTP answer. */
function isRetryableCode(error: Error & { code?: unknown }): boolean {
  return (typeof error.code === 'string' && TRANSIENT_ROUTING_CODES.has(error.code)) || isRetryableNoAnswer(error);
}

/**
 * The {@link CallFailure} the machines read for an attempt that ended with `error`.
 * Pool timeouts are transient: the server may be fine while every pooled socket is busy with slow calls, and a
 * later attempt may find one free; they also count toward the breaker, since a pool that stays saturated
 * usually means a server that has slowed down. A request that waited for a socket was never sent: `neverSent`.
 */
export function failureOf(error: AttemptError): CallFailure {
  const message = error.message;
  switch (error.code) {
    case 'ERR_NETWORK':
      return error.neverSent
        ? { kind: 'network', transient: error.retryable, neverSent: true, message }
        : { kind: 'network', transient: error.retryable, message };
    case 'ERR_OPERATION_TIMEOUT':
      return error.neverSent ? { kind: 'timeout', transient: true, neverSent: true, message } : { kind: 'timeout', transient: true, message };
    case 'ERR_HTTP_STATUS': {
      const { kind, transient } = classifyStatus(error.status);
      return error.retryAfterMs === undefined
        ? { kind, transient, status: error.status, message }
        : { kind, transient, status: error.status, retryAfterMs: error.retryAfterMs, message };
    }
    case 'ERR_POOL_TIMEOUT':
      return { kind: 'poolTimeout', transient: true, neverSent: true, message };
    case 'ERR_INVALID_RESPONSE':
      return error.status === undefined
        ? { kind: 'invalidResponse', transient: false, message }
        : { kind: 'invalidResponse', transient: false, status: error.status, message };
    case 'ERR_CLIENT_DISPOSED':
    case 'ERR_ABORTED':
      return { kind: 'aborted', transient: false, message };
    case 'ERR_INVALID_ARGUMENT':
      return { kind: 'client', transient: false, message };
  }
}

/**
 * Turns anything an attempt threw into a typed {@link AttemptError} naming `operation`.
 * No-answer failures are retryable by `isRetryableNoAnswer` (axios-retry's rule: refused, reset, hang-up) and by
 * {@link TRANSIENT_ROUTING_CODES} (DNS and routing); certificate errors are not. Each says whether it proves the
 * request never left (see `provesNeverSent`). An axios timeout is an {@link OperationTimeoutError};
 * a body over `maxContentLength` an {@link InvalidResponseError} (`tooLarge`); a cancel a {@link RequestAbortedError}.
 */
export function toAttemptError(error: unknown, operation: string, now: number = Date.now()): AttemptError {
  // A proxy's refusal (407: not transient; 502/503/504: transient), thrown by the tunnel or the 407 interceptor.
  const proxyError = isAxiosError(error) && error.cause instanceof ProxyError ? error.cause : error;
  if (proxyError instanceof ProxyError) {
    return new NetworkError(operation, proxyError.code, proxyError.message, proxyError.retryable, { cause: proxyError });
  }
  if (error instanceof PoolTimeoutError) return error.operation === undefined ? error.withOperation(operation) : error;
  if (error instanceof ClientDisposedError) return error.operation === undefined ? error.withOperation(operation) : error;
  if (
    error instanceof NetworkError || error instanceof OperationTimeoutError || error instanceof HttpStatusError
    || error instanceof InvalidResponseError || error instanceof RequestAbortedError || error instanceof InvalidArgumentError
  ) {
    return error;
  }
  if (isAxiosError(error)) return fromAxiosError(error, operation, now);
  // Any other error of ours (a breaker refusal, a budget) stopped the attempt from outside.
  if (error instanceof VcconnError) return new RequestAbortedError(operation, { cause: error });
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    if (typeof code === 'string') {
      return new NetworkError(operation, code, error.message, isRetryableCode(error), { cause: error, neverSent: provesNeverSent(error) });
    }
    return new NetworkError(operation, 'EUNKNOWN', error.message, false, { cause: error });
  }
  return new NetworkError(operation, 'EUNKNOWN', String(error), false, { cause: error });
}

/** Shorthand for `failureOf(toAttemptError(error, operation))`. */
export function classifyFailure(error: unknown, operation: string, now: number = Date.now()): CallFailure {
  return failureOf(toAttemptError(error, operation, now));
}

function fromAxiosError(error: AxiosError, operation: string, now: number): AttemptError {
  // The pool's slot queue rejects a waiting request with a PoolTimeoutError (or a ClientDisposedError after
  // destroy); the slot adapter hands it to axios, which wraps it as the cause.
  if (error.cause instanceof VcconnError) return toAttemptError(error.cause, operation, now);
  if (error.code === AXIOS_ERR_CANCELED) return new RequestAbortedError(operation, { cause: error });
  if (error.message.startsWith('maxContentLength')) {
    return new InvalidResponseError(operation, 'tooLarge', error.message, {
      status: error.response?.status, cause: error,
    });
  }
  if (error.message.startsWith('Request body larger than maxBodyLength') || error.code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED') {
    return new InvalidArgumentError(operation, 'body', error.message);
  }
  if (error.code === AXIOS_ECONNABORTED && error.message.includes('timeout')) {
    return new OperationTimeoutError(operation, error.config?.timeout ?? 0, { cause: error, neverSent: provesNeverSent(error) });
  }
  if (error.response !== undefined && isDecodingError(error)) {
    const detail = `the body's compression (Content-Encoding) is corrupt: ${error.message}`;
    return new InvalidResponseError(operation, 'malformedJson', detail, { status: error.response.status, cause: error });
  }
  if (error.response !== undefined && !isStatusRejection(error)) {
    // The status line and headers arrived, then the connection broke mid-body: that is no answer, not a status.
    const status = error.response.status;
    const detail = `the connection closed before the body of the HTTP ${status} answer was complete (${error.message})`;
    return new NetworkError(operation, bodyErrorCode(error), detail, true, { cause: error });
  }
  if (error.response !== undefined) {
    const body = typeof error.response.data === 'string' ? error.response.data : '';
    return new HttpStatusError(
      operation, error.response.status, snippet(body), parseRetryAfter(error.response.headers['retry-after'], now),
    );
  }
  return new NetworkError(operation, error.code ?? 'EUNKNOWN', error.message, isRetryableCode(error), {
    cause: error, neverSent: provesNeverSent(error),
  });
}

/** axios' own rejection of an error status (a caller's axios with the default `validateStatus`). */
function isStatusRejection(error: AxiosError): boolean {
  return error.message.startsWith('Request failed with status code');
}

/** zlib's (`Z_DATA_ERROR`) or brotli's error decompressing the body: the answer arrived, but it is garbage. */
function isDecodingError(error: AxiosError): boolean {
  const code = error.code ?? '';
  return code.startsWith('Z_') || code.includes('BROTLI');
}

/** The socket's code when the body failed on one; axios' "stream has been aborted" is the peer closing: ECONNRESET. */
function bodyErrorCode(error: AxiosError): string {
  const cause: unknown = error.cause;
  const code = cause instanceof Error ? (cause as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'ECONNRESET';
}
