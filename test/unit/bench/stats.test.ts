import { describe, expect, it } from 'vitest';
import { herdRates, PerSecondCounter } from '../../../bench/herd/rates.js';
import { median, percentileSorted } from '../../../bench/stats.js';

describe('bench statistics', () => {
  it('median takes the middle value of an odd count and the mean of the two middle values of an even one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('median of an empty list throws instead of reporting a number', () => {
    expect(() => median([])).toThrow(RangeError);
  });

  it('percentile uses the nearest rank: p99 of 1..100 is 99, p50 is 50, p100 is the maximum', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileSorted(sorted, 99)).toBe(99);
    expect(percentileSorted(sorted, 50)).toBe(50);
    expect(percentileSorted(sorted, 100)).toBe(100);
    expect(percentileSorted([7], 99)).toBe(7);
  });

  it('percentile rejects a p outside 0..100', () => {
    expect(() => percentileSorted([1, 2], 101)).toThrow(RangeError);
  });
});

describe('herd counting', () => {
  it('counts requests into whole simulated seconds, 999 ms in second 0 and 1000 ms in second 1', () => {
    const counter = new PerSecondCounter();
    for (const at of [0, 999, 1000, 1500, 3999]) counter.count(at);
    expect(counter.bins).toEqual([2, 2, 0, 1]);
    expect(counter.total(1, 3)).toBe(2);
  });

  it('compares the largest second after recovery with the mean steady rate before the outage', () => {
    // steady seconds 1..3 average 100; outage 4..5; back at 6 with a burst of 180 in second 7.
    const bins = [50, 90, 100, 110, 0, 0, 40, 180, 100, 100];
    const rates = herdRates(bins, 1, 4, 6, 10);
    expect(rates.steadyPerSec).toBe(100);
    expect(rates.peakPerSec).toBe(180);
    expect(rates.peakAtSec).toBe(7);
    expect(rates.peakOverSteady).toBeCloseTo(1.8);
    expect(rates.backToSteadySec).toBe(1);
  });

  it('reports no return to steady when traffic stays below 90 % of it', () => {
    expect(herdRates([100, 100, 0, 80, 85], 0, 2, 3, 5).backToSteadySec).toBeNull();
  });

  it('refuses a steady interval in which nothing was sent', () => {
    expect(() => herdRates([0, 0, 5], 0, 2, 2, 3)).toThrow(RangeError);
  });
});
