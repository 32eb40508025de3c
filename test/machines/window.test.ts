import { describe, expect, it } from 'vitest';
import { isTripped } from '../../machines/breaker/tripRule.js';
import { createWindow, recordCall, windowTotals } from '../../machines/breaker/window.js';
import { defaultBreaker } from './fixtures.js';

describe('time-bucketed window', () => {
  it('splits the span into buckets and sums the live ones', () => {
    let w = createWindow(60_000, 10);
    expect(w.bucketMs).toBe(6_000);
    w = recordCall(w, 0, true);
    w = recordCall(w, 5_999, false);
    w = recordCall(w, 6_000, true);
    expect(w.buckets).toEqual([{ start: 0, calls: 2, failures: 1 }, { start: 6_000, calls: 1, failures: 1 }]);
    expect(windowTotals(w, 6_000)).toEqual({ calls: 3, failures: 2 });
  });

  it('forgets a bucket once its start is a whole span old, and never keeps more than bucketCount buckets', () => {
    let w = createWindow(60_000, 10);
    for (let at = 0; at < 120_000; at += 1_000) w = recordCall(w, at, true);
    expect(w.buckets.length).toBeLessThanOrEqual(10);
    expect(windowTotals(w, 119_999)).toEqual({ calls: 60, failures: 60 });
    expect(windowTotals(w, 180_000)).toEqual({ calls: 0, failures: 0 });
  });

  it('puts a late outcome into its own bucket when that bucket is still live, and drops it otherwise', () => {
    let w = createWindow(60_000, 10);
    w = recordCall(w, 30_000, true);
    w = recordCall(w, 7_000, false);
    expect(w.buckets.map((b) => b.start)).toEqual([6_000, 30_000]);
    w = recordCall(w, 100_000, false);
    w = recordCall(w, 1_000, true);
    expect(windowTotals(w, 100_000)).toEqual({ calls: 1, failures: 0 });
  });

  it('agrees with a count of every recorded outcome whose bucket is still live, for calls in and out of order', () => {
    const span = 60_000;
    const bucketMs = 6_000;
    let w = createWindow(span, 10);
    const outcomes: { start: number; failed: boolean }[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    let now = 0;
    for (let i = 0; i < 2_000; i += 1) {
      now += Math.floor(next() * 400);
      // Mostly in order, sometimes an outcome that arrives late.
      const at = next() < 0.1 ? Math.max(0, now - Math.floor(next() * 70_000)) : now;
      const failed = next() < 0.3;
      w = recordCall(w, at, failed);
      outcomes.push({ start: Math.floor(at / bucketMs) * bucketMs, failed });
      const live = outcomes.filter((o) => o.start > now - span);
      expect(windowTotals(w, now)).toEqual({ calls: live.length, failures: live.filter((o) => o.failed).length });
      expect(w.buckets.map((b) => b.start)).toEqual([...w.buckets.map((b) => b.start)].sort((a, b) => a - b));
    }
  });

  it('trips at threshold and throughput, with the ratio when configured, never when disabled', () => {
    expect(isTripped({ calls: 3, failures: 5 }, defaultBreaker)).toBe(true);
    expect(isTripped({ calls: 5, failures: 4 }, defaultBreaker)).toBe(false);
    expect(isTripped({ calls: 2, failures: 2 }, { ...defaultBreaker, failureThreshold: 2 })).toBe(false);
    expect(isTripped({ calls: 10, failures: 5 }, { ...defaultBreaker, failureRatio: 0.6 })).toBe(false);
    expect(isTripped({ calls: 10, failures: 6 }, { ...defaultBreaker, failureRatio: 0.6 })).toBe(true);
    expect(isTripped({ calls: 100, failures: 100 }, { ...defaultBreaker, enabled: false })).toBe(false);
  });
});
