import http from 'node:http';
import { AxiosError, AxiosHeaders } from 'axios';
import type { InternalAxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import { provesNeverSent, requestNeverSent } from '../../../src/http/neverSent.js';

const config = { headers: new AxiosHeaders(), method: 'post' } as InternalAxiosRequestConfig;

/** A ClientRequest as a failed attempt leaves it, with `socket` as given (no connection is made). */
function requestWith(socket: object | null): http.ClientRequest {
  const request = Object.create(http.ClientRequest.prototype) as http.ClientRequest;
  Object.defineProperty(request, 'socket', { value: socket });
  return request;
}

describe('requestNeverSent', () => {
  it('is true for a request that never got a socket (it waited in the pool)', () => {
    expect(requestNeverSent(requestWith(null))).toBe(true);
  });

  it('is true for a plain socket that handed no byte to the kernel (still connecting), false once it did', () => {
    expect(requestNeverSent(requestWith({ _bytesDispatched: 0 }))).toBe(true);
    expect(requestNeverSent(requestWith({ _bytesDispatched: 240 }))).toBe(false);
  });

  it('is true for a TLS socket whose handshake never completed, false once it did', () => {
    // Node passes the request's bytes to the TLS layer at once (dispatched), but releases them only after secureConnect.
    expect(requestNeverSent(requestWith({ encrypted: true, secureConnecting: true, _bytesDispatched: 240 }))).toBe(true);
    expect(requestNeverSent(requestWith({ encrypted: true, secureConnecting: false, _bytesDispatched: 0 }))).toBe(false);
  });

  it('is false when it cannot tell: no dispatch count, or not a ClientRequest at all', () => {
    expect(requestNeverSent(requestWith({}))).toBe(false);
    expect(requestNeverSent({ socket: null })).toBe(false);
    expect(requestNeverSent(undefined)).toBe(false);
  });
});

describe('provesNeverSent', () => {
  it('reads the request an axios error carries', () => {
    expect(provesNeverSent(new AxiosError('canceled', 'ERR_CANCELED', config, requestWith(null)))).toBe(true);
    expect(provesNeverSent(new AxiosError('canceled', 'ERR_CANCELED', config, requestWith({ _bytesDispatched: 99 })))).toBe(false);
  });

  it('takes a lookup failure or an error of the connect call as proof, on the error or its cause', () => {
    expect(provesNeverSent(Object.assign(new Error('x'), { code: 'EAI_AGAIN' }))).toBe(true);
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', syscall: 'connect' });
    expect(provesNeverSent(AxiosError.from(refused, 'ECONNREFUSED', config))).toBe(true);
  });

  it('is false for anything else', () => {
    expect(provesNeverSent(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }))).toBe(false);
    expect(provesNeverSent('boom')).toBe(false);
    expect(provesNeverSent(new Error('no code'))).toBe(false);
  });
});
