import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/http/retryAfter.js';

const now = Date.parse('2015-10-21T07:28:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['5', 5000],
    [' 120 ', 120_000],
  ])('reads delta-seconds %j as %i ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it('reads an IMF-fixdate as the milliseconds until that date', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:29:30 GMT', now)).toBe(90_000);
  });

  it('reads the obsolete RFC 850 and asctime date forms as UTC', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:28:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed Oct 21 07:28:20 2015', now)).toBe(20_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
  });

  it.each([
    ['-5'], ['1.5'], ['soon'], [''], ['5 seconds'], ['2015-10-21T07:29:00Z'], ['Wed, 21 Oct 2015 07:29:30 PST'],
    ['Wed, 32 Oct 2015 07:29:30 GMT'],
  ])('rejects the malformed value %j as undefined', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });

  it('rejects non-string headers other than non-negative integers', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter(-1, now)).toBeUndefined();
    expect(parseRetryAfter(3, now)).toBe(3000);
  });

  it('takes the first value of a repeated header', () => {
    expect(parseRetryAfter(['7', '9'], now)).toBe(7000);
  });

  it('caps an absurd delta at the largest safe integer instead of overflowing', () => {
    expect(parseRetryAfter('99999999999999999999', now)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
