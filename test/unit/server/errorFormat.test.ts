import { describe, expect, it } from 'vitest';
import { errorToWire } from '../../../src/server/http/errorFormat.js';
import { HttpError } from '../../../src/server/http/HttpError.js';

describe('errorToWire', () => {
  it('writes every error as JSON {message, ...details} in the json style', () => {
    expect(errorToWire(new HttpError(409, 'held', { lockingNodeId: 'a' }), 'json')).toEqual({
      status: 409, contentType: 'application/json; charset=utf-8', payload: '{"message":"held","lockingNodeId":"a"}', headers: {},
    });
  });

  it('writes a reason-only 400, 409 or 422 as plain text in the aspnet style', () => {
    for (const status of [400, 409, 422]) {
      expect(errorToWire(new HttpError(status, 'because'), 'aspnet')).toMatchObject({ status, contentType: 'text/plain; charset=utf-8', payload: 'because' });
    }
  });

  it('writes validation errors as problem+json in the aspnet style', () => {
    const wire = errorToWire(new HttpError(400, 'bad', { errors: { '$.name': ['required'] } }), 'aspnet');
    expect(wire.contentType).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(wire.payload ?? '')).toMatchObject({ title: 'One or more validation errors occurred.', status: 400, errors: { '$.name': ['required'] } });
  });

  it('writes other statuses as problem+json with the RFC 9110 type and title', () => {
    const wire = errorToWire(new HttpError(415, 'Unsupported Media Type: text/csv'), 'aspnet');
    expect(JSON.parse(wire.payload ?? '')).toMatchObject({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.16', title: 'Unsupported Media Type', status: 415,
    });
  });
});
