import { describe, expect, it } from 'vitest';
import { withoutStackTrace } from '../../../src/errors/withoutStackTrace.js';

describe('withoutStackTrace', () => {
  it('builds the error with no stack frames and restores the host limit', () => {
    const before = Error.stackTraceLimit;
    const error = withoutStackTrace(() => new RangeError('refused'));
    expect(error.stack).toBe('RangeError: refused');
    expect(Error.stackTraceLimit).toBe(before);
  });

  it('restores the host limit when the constructor throws', () => {
    const before = Error.stackTraceLimit;
    expect(() => withoutStackTrace(() => {
      throw new TypeError('bad argument');
    })).toThrow(TypeError);
    expect(Error.stackTraceLimit).toBe(before);
  });

  it('keeps a host limit other than the default', () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 3;
    try {
      withoutStackTrace(() => new Error('x'));
      expect(Error.stackTraceLimit).toBe(3);
    } finally {
      Error.stackTraceLimit = before;
    }
  });
});
