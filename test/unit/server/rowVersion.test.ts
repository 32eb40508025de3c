import { describe, expect, it } from 'vitest';
import { decodeRowVersion, encodeRowVersion } from '../../../src/server/db/rowVersion.js';

describe('rowVersion codec', () => {
  it('writes 8 big-endian bytes in base64, as SQL Server rowversion', () => {
    expect(encodeRowVersion(1)).toBe('AAAAAAAAAAE=');
    expect(encodeRowVersion(0x0102)).toBe(Buffer.from([0, 0, 0, 0, 0, 0, 1, 2]).toString('base64'));
  });

  it('reads back what it wrote', () => {
    for (const value of [0, 1, 255, 65_536, 2 ** 40 + 7]) expect(decodeRowVersion(encodeRowVersion(value))).toBe(value);
  });

  it.each(['', 'abc', 'AAAAAAAAAA==', 'AAAAAAAAAAAA', 'not base64!!'])('refuses %j with a 400', (text) => {
    expect(() => decodeRowVersion(text)).toThrow(expect.objectContaining({
      statusCode: 400,
      message: expect.stringContaining('rowVersion must be base64 of 8 bytes') as string,
    }));
  });
});
