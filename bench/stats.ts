/** Pure statistics of the benchmark: no clock, no I/O, so they can be unit-tested. */

/**
 * The median of `values` (the mean of the two middle values for an even count).
 * @throws {RangeError} for an empty list: a median of nothing would hide a run that measured nothing.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The `p`-th percentile (0..100) of values already sorted ascending, by the nearest-rank method: the smallest
 * value with at least p % of the values at or below it. Nearest rank never invents a latency nobody saw.
 * @throws {RangeError} for an empty list or a p outside 0..100.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty list');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** p50 and p99 of a list of latencies, in the list's unit. */
export function latencySummary(latencies: Float64Array): { p50: number; p99: number } {
  const sorted = Float64Array.from(latencies).sort();
  return { p50: percentileSorted(sorted, 50), p99: percentileSorted(sorted, 99) };
}

/** Rounds to `digits` decimals, for reports. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
