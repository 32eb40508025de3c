import { AxiosError } from 'axios';
import type { InternalAxiosRequestConfig } from 'axios';
import { AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import {
  BrokenCircuitError, ClientDisposedError, HttpStatusError, InvalidArgumentError, InvalidResponseError, NetworkError,
  OperationTimeoutError, PoolTimeoutError, RequestAbortedError,
} from '../../../src/errors/index.js';
import { classifyFailure, classifyStatus, failureOf, toAttemptError } from '../../../src/http/classifyFailure.js';

const config = { headers: new AxiosHeaders(), method: 'get' } as InternalAxiosRequestConfig;

function axiosError(message: string, code: string | undefined, cause?: Error): AxiosError {
  const error = new AxiosError(message, code, config);
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause });
  return error;
}

describe('classifyStatus', () => {
  it.each([
    [408, 'requestTimeout', true], [429, 'rateLimited', true], [500, 'server', true], [503, 'server', true],
    [599, 'server', true], [400, 'client', false], [404, 'client', false], [409, 'client', false],
    [302, 'invalidResponse', false],
  ] as const)('classifies HTTP %i as %s (transient: %s)', (status, kind, transient) => {
    expect(classifyStatus(status)).toEqual({ kind, transient });
  });
});

describe('classifyFailure of errors without an HTTP answer', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'])(
    'treats %s as a transient network failure (axios-retry isNetworkError)', (code) => {
      const failure = classifyFailure(axiosError(`connect ${code}`, code), 'getTasks');
      expect(failure).toMatchObject({ kind: 'network', transient: true });
      expect(failure.message).toContain('getTasks');
    },
  );

  it.each(['DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'HOSTNAME_MISMATCH'])(
    'treats %s as a network failure no retry can fix', (code) => {
      expect(classifyFailure(axiosError(code, code), 'getTasks')).toMatchObject({ kind: 'network', transient: false });
    },
  );

  it('keeps the system error code on the typed NetworkError', () => {
    const error = toAttemptError(axiosError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), 'getTasks');
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ operation: 'getTasks', errorCode: 'ECONNREFUSED', retryable: true, code: 'ERR_NETWORK' });
  });

  it('reads a plain Node error with a code through the same classifier', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyFailure(reset, 'getTasks')).toMatchObject({ kind: 'network', transient: true });
  });

  it('turns an axios timeout into a transient timeout failure', () => {
    const error = toAttemptError(axiosError('timeout of 10ms exceeded', 'ECONNABORTED'), 'getTasks');
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(failureOf(error)).toMatchObject({ kind: 'timeout', transient: true });
  });

  it('turns a cancel into an aborted failure that is never retried', () => {
    expect(classifyFailure(axiosError('canceled', 'ERR_CANCELED'), 'getTasks'))
      .toMatchObject({ kind: 'aborted', transient: false });
  });

  it('turns a body over maxContentLength into invalidResponse tooLarge naming the operation', () => {
    const error = toAttemptError(axiosError('maxContentLength size of 10 exceeded', 'ERR_BAD_RESPONSE'), 'getAllNodes');
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ reason: 'tooLarge', operation: 'getAllNodes' });
    expect(failureOf(error)).toMatchObject({ kind: 'invalidResponse', transient: false });
  });

  it('unwraps the pool timeout that destroyed the request and names the operation', () => {
    const error = toAttemptError(axiosError('waited', 'ERR_POOL_TIMEOUT', new PoolTimeoutError(5000, 10)), 'getTasks');
    expect(error).toBeInstanceOf(PoolTimeoutError);
    expect(error).toMatchObject({ operation: 'getTasks', waitedMs: 5000, poolSize: 10 });
    expect(failureOf(error)).toEqual({ kind: 'poolTimeout', transient: true, neverSent: true, message: error.message });
  });

  it('treats an unknown thrown value as a non-transient network failure instead of crashing', () => {
    expect(classifyFailure('boom', 'getTasks')).toMatchObject({ kind: 'network', transient: false });
    expect(classifyFailure(new Error('no code'), 'getTasks')).toMatchObject({ kind: 'network', transient: false });
  });

  it('treats another library error that stopped the attempt as aborted', () => {
    expect(classifyFailure(new BrokenCircuitError(1000), 'getTasks')).toMatchObject({ kind: 'aborted', transient: false });
  });
});

describe('failureOf typed errors', () => {
  it('carries status and Retry-After of an HTTP error', () => {
    expect(failureOf(new HttpStatusError('getTasks', 503, 'busy', 2000))).toEqual({
      kind: 'server', transient: true, status: 503, retryAfterMs: 2000, message: 'getTasks: HTTP 503: busy',
    });
    expect(failureOf(new HttpStatusError('getTasks', 429, ''))).toEqual({
      kind: 'rateLimited', transient: true, status: 429, message: 'getTasks: HTTP 429',
    });
  });

  it('never retries a 4xx, a bad argument, a dispose or an invalid answer', () => {
    expect(failureOf(new HttpStatusError('createTask', 400, 'bad')).transient).toBe(false);
    expect(failureOf(new InvalidArgumentError('getTaskById', 'taskId', 'x'))).toMatchObject({ kind: 'client', transient: false });
    expect(failureOf(new ClientDisposedError('getTasks'))).toMatchObject({ kind: 'aborted', transient: false });
    expect(failureOf(new RequestAbortedError('getTasks'))).toMatchObject({ kind: 'aborted', transient: false });
    expect(failureOf(new InvalidResponseError('getTasks', 'html', 'page', { status: 200 })))
      .toMatchObject({ kind: 'invalidResponse', transient: false, status: 200 });
  });

  it('passes typed attempt errors through unchanged, naming the operation where they lacked one', () => {
    const http = new HttpStatusError('getTasks', 500, '');
    expect(toAttemptError(http, 'other')).toBe(http);
    expect(toAttemptError(new ClientDisposedError(), 'getTasks')).toMatchObject({ operation: 'getTasks' });
  });
});
