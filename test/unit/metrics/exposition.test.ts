import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseExposition, samplesOf, valueOf } from './support/exposition.js';

describe('the exposition parser used by the metrics tests', () => {
  it('reads counters and histograms as prom-client writes them, escaped label values included', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 't_total', help: 'a "counter"\nwith two lines', labelNames: ['a'], registers: [registry] });
    const histogram = new Histogram({ name: 't_seconds', help: 'h', labelNames: ['a'], buckets: [0.1, 1], registers: [registry] });
    counter.inc({ a: 'quote " back \\ new\nline' }, 2);
    histogram.observe({ a: 'x' }, 0.5);
    const parsed = parseExposition(await registry.metrics());
    expect(parsed.families.get('t_total')).toMatchObject({ type: 'counter', help: 'a "counter"\nwith two lines' });
    expect(valueOf(parsed, 't_total', { a: 'quote " back \\ new\nline' })).toBe(2);
    expect(valueOf(parsed, 't_seconds_bucket', { a: 'x', le: '0.1' })).toBe(0);
    expect(valueOf(parsed, 't_seconds_bucket', { a: 'x', le: '+Inf' })).toBe(1);
    expect(valueOf(parsed, 't_seconds_count', { a: 'x' })).toBe(1);
    expect(valueOf(parsed, 't_seconds_sum', { a: 'x' })).toBe(0.5);
    expect(parsed.families.get('t_seconds')?.samples).toHaveLength(5);
  });

  it.each([
    ['a sample before its TYPE', 'x_total 1'],
    ['a bad value', '# TYPE x counter\nx 1,5'],
    ['an unterminated label value', '# TYPE x counter\nx{a="b} 1'],
    ['a bad escape', '# TYPE x counter\nx{a="\\t"} 1'],
    ['a label name with a dash', '# TYPE x counter\nx{a-b="c"} 1'],
    ['the same series twice', '# TYPE x counter\nx{a="b"} 1\nx{a="b"} 2'],
    ['an unknown type', '# TYPE x thing'],
    ['a missing value', '# TYPE x counter\nx{a="b"}'],
  ])('rejects %s', (_, text) => {
    expect(() => parseExposition(text)).toThrow(/line \d/);
  });

  it('valueOf insists on exactly one match and says what there is', () => {
    const parsed = parseExposition('# TYPE x counter\nx{a="1"} 1\nx{a="2"} 2\n');
    expect(() => valueOf(parsed, 'x')).toThrow(/2 samples of x .*"a":"1"/);
    expect(() => valueOf(parsed, 'x', { a: '3' })).toThrow(/0 samples/);
    expect(samplesOf(parsed, 'x', { a: '3' })).toEqual([]);
  });
});
