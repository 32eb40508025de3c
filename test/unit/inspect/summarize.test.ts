import { describe, expect, it } from 'vitest';
import { summarize, summarizeEvent } from '../../../src/inspect/summarize.js';

describe('summarize', () => {
  it('redacts secret-named keys and tokens inside strings', () => {
    const text = summarize({ password: 'hunter2', headers: { Authorization: 'Bearer abc.def' }, note: 'url http://u:pw@h/x' });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abc.def');
    expect(text).not.toContain(':pw@');
    expect(text).toContain('[REDACTED]');
  });

  it('bounds depth, keys, items, strings and total length, and survives cycles and errors', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    expect(summarize(cycle)).toBe('{"name":"loop","self":"[Circular]"}');
    expect(summarize({ a: { b: { c: { d: 1 } } } })).toBe('{"a":{"b":{"c":"{…}"}}}');
    expect(summarize([1, 2, 3, 4, 5, 6, 7])).toBe('[1,2,3,4,5,"…2 more"]');
    expect(summarize('x'.repeat(200))).toBe(`"${'x'.repeat(80)}…"`);
    expect(summarize(new RangeError('too far'))).toBe('{"name":"RangeError","message":"too far"}');
    expect(summarize({ long: 'y'.repeat(80), more: 'z'.repeat(80) }, 50)).toHaveLength(50);
    expect(summarize({ fn: () => 1, n: 1n })).toBe('{"n":"1n"}');
  });

  it('summarises an event without its type, and as empty when it has nothing else', () => {
    expect(summarizeEvent({ type: 'RESET', at: 5 })).toBe('{"at":5}');
    expect(summarizeEvent({ type: 'PING' })).toBe('');
  });
});
