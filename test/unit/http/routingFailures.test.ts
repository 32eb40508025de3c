import { AxiosError, AxiosHeaders } from 'axios';
import type { InternalAxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import { breakerEventOf } from '../../../src/pipeline/breakerEvent.js';
import { NetworkError } from '../../../src/errors/index.js';
import { classifyFailure, toAttemptError, TRANSIENT_ROUTING_CODES } from '../../../src/http/classifyFailure.js';

const config = { headers: new AxiosHeaders(), method: 'get' } as InternalAxiosRequestConfig;

/** An axios error wrapping a Node system error with `code` raised in `syscall`, as the http adapter builds it. */
function systemFailure(code: string, syscall: string): AxiosError {
  const cause = Object.assign(new Error(`${syscall} ${code} tasks.corp`), { code, syscall, errno: -1 });
  return AxiosError.from(cause, code, config);
}

describe('DNS and routing failures (a dropped VPN)', () => {
  it('lists exactly the five routing codes as transient', () => {
    expect([...TRANSIENT_ROUTING_CODES].sort()).toEqual(['EAI_AGAIN', 'EHOSTUNREACH', 'ENETDOWN', 'ENETUNREACH', 'ENOTFOUND']);
  });

  it.each([
    ['ENOTFOUND', 'getaddrinfo'],
    ['EAI_AGAIN', 'getaddrinfo'],
    ['ENETUNREACH', 'connect'],
    ['EHOSTUNREACH', 'connect'],
    ['ENETDOWN', 'connect'],
  ])('%s (%s) is transient, retryable, counted by the breaker, and proves the request never left', (code, syscall) => {
    const error = toAttemptError(systemFailure(code, syscall), 'createTask');
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ errorCode: code, retryable: true, neverSent: true });
    const failure = classifyFailure(systemFailure(code, syscall), 'createTask');
    expect(failure).toMatchObject({ kind: 'network', transient: true, neverSent: true });
    // The breaker's window counts failures by `transient`: the event it receives carries it unchanged.
    expect(breakerEventOf({ ok: false, at: 0, failure, error: error as NetworkError })).toEqual({ type: 'CALL.FAILED', at: 0, failure });
  });

  it.each(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN'])(
    '%s on a connection that was already up is transient but no proof that nothing was sent', (code) => {
      const failure = classifyFailure(systemFailure(code, 'write'), 'createTask');
      expect(failure).toMatchObject({ kind: 'network', transient: true });
      expect(failure.neverSent).toBeUndefined();
    },
  );

  it('reads a plain Node error (no axios around it) the same way', () => {
    const lookup = Object.assign(new Error('getaddrinfo ENOTFOUND tasks.corp'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' });
    expect(classifyFailure(lookup, 'getTasks')).toMatchObject({ kind: 'network', transient: true, neverSent: true });
  });
});

describe('what proves a request never reached the server', () => {
  it('a refused connection, or a reset during the TCP handshake, does', () => {
    expect(classifyFailure(systemFailure('ECONNREFUSED', 'connect'), 'createTask')).toMatchObject({ transient: true, neverSent: true });
    expect(classifyFailure(systemFailure('ECONNRESET', 'connect'), 'createTask')).toMatchObject({ transient: true, neverSent: true });
  });

  it('a reset or a hang-up after the connection was up does not: the server may have read the request', () => {
    expect(classifyFailure(systemFailure('ECONNRESET', 'read'), 'createTask').neverSent).toBeUndefined();
    const hangUp = new AxiosError('socket hang up', 'ECONNRESET', config);
    expect(classifyFailure(hangUp, 'createTask')).toMatchObject({ kind: 'network', transient: true });
    expect(classifyFailure(hangUp, 'createTask').neverSent).toBeUndefined();
  });

  it('a certificate error without the request that shows the handshake is no proof either way, and not retried', () => {
    const failure = classifyFailure(new AxiosError('self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT', config), 'createTask');
    expect(failure).toMatchObject({ kind: 'network', transient: false });
    expect(failure.neverSent).toBeUndefined();
  });
});
