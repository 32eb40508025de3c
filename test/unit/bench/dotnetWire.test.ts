import { describe, expect, it } from 'vitest';
import { dotnetDateTime, rowVersionBase64, toDotnetJson } from '../../../bench/server/dotnetWire.js';

describe('toDotnetJson (System.Text.Json with the default encoder)', () => {
  it('writes a quote inside a string as \\u0022 and leaves the structural quotes alone', () => {
    expect(toDotnetJson({ parameters: '{"frames":24}' })).toBe('{"parameters":"{\\u0022frames\\u0022:24}"}');
  });

  it('escapes the HTML-sensitive characters and + as the default encoder does', () => {
    expect(toDotnetJson(["a+b<c>d&e'f`g"])).toBe('["a\\u002Bb\\u003Cc\\u003Ed\\u0026e\\u0027f\\u0060g"]');
  });

  it('keeps escaped backslashes, including one that ends a string before its closing quote', () => {
    expect(toDotnetJson({ dir: '\\\\fs1\\P1\\', next: 'x"' })).toBe('{"dir":"\\\\\\\\fs1\\\\P1\\\\","next":"x\\u0022"}');
  });

  it('reads back as the same value', () => {
    const value = { name: 'a "b" + <c> & \'d\'', path: '\\\\srv\\share\\', nested: JSON.stringify({ q: '"', b: '\\' }), n: [1, -2, null, true] };
    expect(JSON.parse(toDotnetJson(value))).toEqual(value);
  });

  it('refuses what it would not write as .NET does: non-ASCII and control characters', () => {
    expect(() => toDotnetJson({ name: 'café' })).toThrow(RangeError);
    expect(() => toDotnetJson({ name: 'a\nb' })).toThrow(RangeError);
  });
});

describe('.NET values', () => {
  it('writes an Unspecified DateTime with seven fractional digits and no offset', () => {
    expect(dotnetDateTime(Date.UTC(2026, 0, 5, 8, 2, 15, 999), 7_550_749)).toBe('2026-01-05T08:02:15.7550749');
  });

  it('drops trailing zeros of the fraction, and the fraction itself when it is zero', () => {
    expect(dotnetDateTime(Date.UTC(2026, 0, 5), 5_000_000)).toBe('2026-01-05T00:00:00.5');
    expect(dotnetDateTime(Date.UTC(2026, 0, 5), 0)).toBe('2026-01-05T00:00:00');
  });

  it('refuses ticks outside one second', () => {
    expect(() => dotnetDateTime(0, 10_000_000)).toThrow(RangeError);
    expect(() => dotnetDateTime(0, 1.5)).toThrow(RangeError);
  });

  it('writes a row version as base64 of 8 big-endian bytes', () => {
    expect(rowVersionBase64(2001)).toBe('AAAAAAAAB9E=');
    expect(Buffer.from(rowVersionBase64(0x3a_9f42), 'base64').readBigUInt64BE()).toBe(0x3a_9f42n);
  });
});
