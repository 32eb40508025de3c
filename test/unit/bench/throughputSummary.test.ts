import { describe, expect, it } from 'vitest';
import { headline } from '../../../bench/summary.js';
import { enhancedVsRawAxiosMet, enhancedVsRawAxiosTarget, managerVsEnhancedMet } from '../../../bench/throughput/goals.js';
import type { RunSample } from '../../../bench/throughput/measure.js';
import { throughputTables } from '../../../bench/throughput/report.js';
import { enhancedVerdicts, enhancedVsRawAxiosBySize, managerVsEnhancedBySize } from '../../../bench/throughput/sizeSummary.js';
import { medianRoundRatio, summariseRounds } from '../../../bench/throughput/summarise.js';
import type { Round, ThroughputBySize, ThroughputResult } from '../../../bench/throughput/summarise.js';
import { variantNames } from '../../../bench/throughput/variantNames.js';
import type { VariantName } from '../../../bench/throughput/variantNames.js';

const sample = (opsPerSec: number, errors = 0): RunSample => ({ opsPerSec, p50Ms: 1000 / opsPerSec, p99Ms: 2000 / opsPerSec, calls: opsPerSec, errors });

/** One round in which every variant ran `base` ops/s unless `ops` says otherwise. */
function round(base: number, ops: Partial<Record<VariantName, number>> = {}): Round {
  return new Map(variantNames.map((name) => [name, sample(ops[name] ?? base)]));
}

/** A size's result at c1 and c64 with the given per-round ops of raw axios, enhanced and manager. */
function sizeResult(raw: number[], enhanced: number[], manager: number[]): ThroughputResult {
  const rounds = raw.map((rawOps, index) => round(rawOps, { enhanced: enhanced[index] ?? 0, manager: manager[index] ?? 0 }));
  const summary = summariseRounds(rounds);
  return { 1: summary, 64: summary };
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

describe('ratios by answer size', () => {
  const bySize: ThroughputBySize = {
    3: sizeResult([1000, 1000, 1000], [960, 950, 940], [950, 960, 930]),
    100: sizeResult([400, 200, 400], [380, 170, 350], [300, 170, 340]),
    1000: sizeResult([50, 50, 50], [40, 45, 44], [44, 45, 44]),
  };

  it('gives enhanced / raw axios by size then concurrency, in the JSON report shape', () => {
    expect(enhancedVsRawAxiosBySize(bySize)).toEqual({
      3: { c1: 0.95, c64: 0.95 }, 100: { c1: 0.875, c64: 0.875 }, 1000: { c1: 0.88, c64: 0.88 },
    });
  });

  it('gives manager / enhanced as the median of the ratios within each round', () => {
    // 100 tasks: rounds 300/380, 170/170, 340/350 -> median 0.971.
    expect(managerVsEnhancedBySize(bySize)).toEqual({
      3: { c1: 0.99, c64: 0.99 }, 100: { c1: 0.971, c64: 0.971 }, 1000: { c1: 1, c64: 1 },
    });
  });

  it('judges each ratio against the goal of its size', () => {
    expect(enhancedVerdicts(enhancedVsRawAxiosBySize(bySize)).map((verdict) => `${verdict.size} ${verdict.concurrency} ${verdict.met}`)).toEqual([
      '3 c1 true', '3 c64 true', '100 c1 false', '100 c64 false', '1000 c1 false', '1000 c64 false',
    ]);
  });

  it('adds both by-size keys and their goals to the headline, and keeps enhancedVsRawAxios that of 3 tasks', () => {
    const summary = headline({ throughput: bySize[3], throughputBySize: bySize });
    expect(summary.enhancedVsRawAxios).toEqual({ c1: 0.95, c64: 0.95 });
    expect(summary.enhancedVsRawAxiosBySize).toEqual(enhancedVsRawAxiosBySize(bySize));
    expect(summary.managerVsEnhancedBySize).toEqual(managerVsEnhancedBySize(bySize));
    expect(summary.goals).toMatchObject({
      enhancedVsRawAxios: { target: '>= 0.97', met: false },
      enhancedVsRawAxiosBySize: { met: false },
      managerVsEnhancedBySize: { met: true },
    });
  });

  it('reports the by-size goals as not measured when the throughput section did not run', () => {
    const summary = headline({});
    expect(summary.enhancedVsRawAxiosBySize).toBeNull();
    expect(summary.goals).toMatchObject({ enhancedVsRawAxiosBySize: { value: null, met: null }, managerVsEnhancedBySize: { value: null, met: null } });
  });

  it('prints a table per size and concurrency, and the goals beside the ratios', () => {
    const text = throughputTables(bySize, { 3: 1263, 100: 38_553, 1000: 383_951 }).join('\n');
    expect(text).toContain('GET api/tasks answering 100 tasks (38,553 bytes), concurrency 64');
    const goalRows = text.split('\n').filter((line) => /^(3|100|1000) /.test(line));
    expect(goalRows).toHaveLength(6);
    expect(goalRows[0]).toMatch(/^3\s+1263\s+1\s+0\.950\s+>= 0\.95\s+met\s+0\.990\s+0\.97\.\.1\.03\s+met$/);
    expect(goalRows[2]).toMatch(/^100\s+38553\s+1\s+0\.875\s+>= 0\.90\s+NOT met\s+0\.971\s+0\.97\.\.1\.03\s+met$/);
  });
});

describe('goals', () => {
  it('asks 0.95 of enhanced at 3 tasks and 0.90 at 100 and 1000', () => {
    expect(enhancedVsRawAxiosTarget(3)).toBe(0.95);
    expect(enhancedVsRawAxiosTarget(100)).toBe(0.9);
    expect(enhancedVsRawAxiosMet(3, 0.95)).toBe(true);
    expect(enhancedVsRawAxiosMet(3, 0.949)).toBe(false);
    expect(enhancedVsRawAxiosMet(1000, 0.9)).toBe(true);
    expect(enhancedVsRawAxiosMet(1000, 0.899)).toBe(false);
  });

  it('holds manager within 3 % of enhanced, either way, the bounds included', () => {
    for (const ratio of [0.97, 1, 1.03]) expect(managerVsEnhancedMet(ratio)).toBe(true);
    for (const ratio of [0.969, 1.031]) expect(managerVsEnhancedMet(ratio)).toBe(false);
  });
});
