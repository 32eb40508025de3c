import { AxiosError, AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactValue } from '../../../src/logging/index.js';

/** A deep copy made before the call, to prove nothing was written to the original. */
function snapshot(value: unknown): unknown {
  return structuredClone(value);
}

describe('redactValue', () => {
  it('redacts secret-named keys at any depth, and secrets inside strings, in objects and arrays', () => {
    const input = {
      user: 'bob',
      password: 'hunter2',
      request: { headers: { Authorization: 'Bearer abc', Accept: 'application/json' }, url: 'http://u:pw@h/api?token=t1' },
      attempts: [{ apiKey: 'k1' }, { note: 'Password=x;' }],
    };
    expect(redactValue(input)).toEqual({
      user: 'bob',
      password: REDACTED,
      request: { headers: { Authorization: REDACTED, Accept: 'application/json' }, url: 'http://u:[REDACTED]@h/api?token=[REDACTED]' },
      attempts: [{ apiKey: REDACTED }, { note: 'Password=[REDACTED];' }],
    });
  });

  it('never modifies the objects it is given', () => {
    const input = { headers: { authorization: 'Basic abc' }, nested: { list: [{ secret: 's' }], url: 'https://a:b@c' } };
    const before = snapshot(input);
    redactValue(input);
    expect(input).toEqual(before);
  });

  it('keeps an empty or missing secret visible, so a missing credential can be spotted', () => {
    expect(redactValue({ password: '', token: null, apiKey: undefined })).toEqual({ password: '', token: null, apiKey: undefined });
  });

  it('copies an error with its message, stack, code and cause, redacted', () => {
    const cause = new Error('upstream said password=abc');
    const error = Object.assign(new Error('login failed for http://svc:pw@h', { cause }), { code: 'E_LOGIN', token: 't' });
    const copy = redactValue(error) as Record<string, unknown>;
    expect(copy).toMatchObject({ name: 'Error', message: 'login failed for http://svc:[REDACTED]@h', code: 'E_LOGIN', token: REDACTED });
    expect(copy.stack).toContain('login failed for http://svc:[REDACTED]@h');
    expect(copy.cause).toMatchObject({ message: 'upstream said password=[REDACTED]' });
    expect(JSON.stringify(copy)).not.toMatch(/pw@|=abc|"t"/);
  });

  it('redacts a real AxiosError: config headers, basic auth and URL, without the socket objects', () => {
    const config = {
      method: 'get',
      url: 'http://svc:hunter2@tasks.corp:5289/api/tasks?api_key=k9',
      headers: new AxiosHeaders({ Authorization: 'Bearer eyJhbGciOi.eyJzdWIi.c2ln', 'X-Request-Id': 'r1' }),
      auth: { username: 'svc', password: 'hunter2' },
    } as unknown as InternalAxiosRequestConfig;
    const error = new AxiosError('Request failed with status code 503', 'ERR_BAD_RESPONSE', config, { socket: 'not logged' });
    const before = snapshot({ headers: config.headers.toJSON(), auth: config.auth, url: config.url });

    const copy = redactValue(error) as { config: Record<string, unknown>; code: string; name: string; request?: unknown };
    expect(copy.name).toBe('AxiosError');
    expect(copy.code).toBe('ERR_BAD_RESPONSE');
    expect(copy.config).toMatchObject({
      method: 'get',
      url: 'http://svc:[REDACTED]@tasks.corp:5289/api/tasks?api_key=[REDACTED]',
      headers: { Authorization: REDACTED, 'X-Request-Id': 'r1' },
      auth: { username: 'svc', password: REDACTED },
    });
    expect(copy.request).toBeUndefined();
    expect(JSON.stringify(copy)).not.toMatch(/hunter2|eyJ|k9/);
    expect({ headers: config.headers.toJSON(), auth: config.auth, url: config.url }).toEqual(before);
  });

  it('redacts an axios-error-like plain object (config.headers.Authorization)', () => {
    const like = { isAxiosError: true, message: 'timeout', config: { headers: { Authorization: 'Basic dXNlcjpwYXNz' } } };
    expect(redactValue(like)).toEqual({ isAxiosError: true, message: 'timeout', config: { headers: { Authorization: REDACTED } } });
  });

  it('turns cycles into [Circular] but prints a shared object twice', () => {
    const shared = { id: 1 };
    const node: Record<string, unknown> = { a: shared, b: shared };
    node.self = node;
    expect(redactValue(node)).toEqual({ a: { id: 1 }, b: { id: 1 }, self: '[Circular]' });
  });

  it('summarises objects deeper than eight levels', () => {
    const deep = { l1: { l2: { l3: { l4: { l5: { l6: { l7: { l8: { l9: 'x' } } } } } } } } };
    expect(JSON.stringify(redactValue(deep))).toContain('"l8":"[Object]"');
  });

  it('renders buffers, URLs, Maps, Sets, dates and functions safely', () => {
    const when = new Date('2026-01-02T03:04:05Z');
    const copy = redactValue({
      body: Buffer.from('secret bytes'),
      target: new URL('https://u:p@h/x'),
      headers: new Map([['Cookie', 'session=1'], ['Accept', '*/*']]),
      tags: new Set(['token=abc']),
      when,
      callback: function onDone() {},
    });
    expect(copy).toEqual({
      body: '[Buffer 12 bytes]',
      target: 'https://u:[REDACTED]@h/x',
      headers: { Cookie: REDACTED, Accept: '*/*' },
      tags: ['token=[REDACTED]'],
      when,
      callback: '[Function onDone]',
    });
  });

  it('survives a getter that throws', () => {
    const tricky = Object.defineProperty({}, 'boom', { enumerable: true, get: () => { throw new Error('no access'); } });
    expect(redactValue(tricky)).toEqual({ boom: '[unreadable: no access]' });
  });
});
