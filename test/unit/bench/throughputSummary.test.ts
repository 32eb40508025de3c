import { describe, expect, it } from 'vitest';
import type { RunSample } from '../../../bench/throughput/measure.js';
import { medianRoundRatio, summariseRounds } from '../../../bench/throughput/summarise.js';
import type { Round } from '../../../bench/throughput/summarise.js';
import { variantNames } from '../../../bench/throughput/variantNames.js';
import type { VariantName } from '../../../bench/throughput/variantNames.js';

const sample = (opsPerSec: number, errors = 0): RunSample => ({ opsPerSec, p50Ms: 1000 / opsPerSec, p99Ms: 2000 / opsPerSec, calls: opsPerSec, errors });

/** One round in which every variant ran `base` ops/s unless `ops` says otherwise. */
function round(base: number, ops: Partial<Record<VariantName, number>> = {}): Round {
  return new Map(variantNames.map((name) => [name, sample(ops[name] ?? base)]));
}

describe('ratios within rounds', () => {
  it('takes each ratio within its round, then the median: a slow round does not skew it', () => {
    // Round 2 ran at half speed on both sides and still gives 0.9: the median of 0.9, 0.9 and 1.0.
    expect(medianRoundRatio([900, 450, 1000], [1000, 500, 1000])).toBeCloseTo(0.9);
    // Within rounds: 1, 0.909, 0.8; the ratio of the medians taken apart (200 / 250) would be 0.8.
    expect(medianRoundRatio([100, 300, 200], [100, 330, 250])).toBeCloseTo(0.909, 3);
  });

  it('refuses rounds that do not pair up, and a round whose base measured nothing', () => {
    expect(() => medianRoundRatio([1, 2], [1])).toThrow(RangeError);
    expect(() => medianRoundRatio([1], [0])).toThrow(RangeError);
    expect(() => medianRoundRatio([], [])).toThrow(RangeError);
  });
});

describe('summariseRounds', () => {
  it('reports medians, the median ratio to raw axios of the same round, summed errors and the rounds in order', () => {
    const rounds = [round(1000, { enhanced: 950 }), round(500, { enhanced: 490 }), round(1000, { enhanced: 900 })];
    const result = summariseRounds(rounds);
    expect(result.rawAxios.vsRawAxios).toBe(1);
    expect(result.enhanced).toMatchObject({ opsPerSec: 900, vsRawAxios: 0.95, roundOpsPerSec: [950, 490, 900], errors: 0 });
    expect(result.enhanced.p50Ms).toBeCloseTo(1000 / 900, 3);
  });

  it('sums the errors of every round', () => {
    const withErrors = new Map(round(100));
    withErrors.set('opossum', sample(100, 3));
    expect(summariseRounds([withErrors, withErrors]).opossum.errors).toBe(6);
  });

  it('refuses no rounds and a round that misses a variant', () => {
    expect(() => summariseRounds([])).toThrow(RangeError);
    const partial = new Map(round(100));
    partial.delete('manager');
    expect(() => summariseRounds([round(100), partial])).toThrow(/manager is missing from round 2/);
  });
});
