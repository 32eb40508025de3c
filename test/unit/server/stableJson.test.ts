import { describe, expect, it } from 'vitest';
import { stableJson } from '../../../src/server/http/stableJson.js';

describe('stableJson', () => {
  it('gives equal text for objects with equal values in another key order, at every depth', () => {
    expect(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(stableJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(stableJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('tells different values apart, including array order and types', () => {
    expect(stableJson([1, 2])).not.toBe(stableJson([2, 1]));
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: '1' }));
  });

  it('drops undefined properties as JSON does', () => {
    expect(stableJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(stableJson([undefined])).toBe('[null]');
  });
});
