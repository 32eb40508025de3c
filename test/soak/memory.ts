/** One reading of the process's memory, after a forced collection when `--expose-gc` is on. */
export interface MemorySample {
  /** Seconds since the run started. */
  readonly atSeconds: number;
  readonly rss: number;
  readonly heapUsed: number;
}

/** How many samples each median takes: enough to shrug off one GC-timing outlier. */
export const SAMPLES_PER_MEDIAN = 6;

/**
 * The warm-up, in seconds: the first 20 % of the run, at least 30 s and at most 120 s. By then every client,
 * pool socket, module and JIT tier the load touches exists, so later growth is what the run itself leaks.
 */
export function warmUpSeconds(totalSeconds: number): number {
  return Math.min(120, Math.max(30, totalSeconds * 0.2));
}

/** Reads memory now, collecting garbage first when the process was started with `--expose-gc`. */
export function sampleMemory(startedAt: number): MemorySample {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { atSeconds: (Date.now() - startedAt) / 1000, rss, heapUsed };
}

/** The median of `values` (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] ?? Number.NaN : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The comparison the verdict rests on: medians of the first samples after warm-up and of the last ones. */
export interface MemoryVerdict {
  readonly warmUpSeconds: number;
  readonly baseline: { readonly rss: number; readonly heapUsed: number; readonly samples: number };
  readonly final: { readonly rss: number; readonly heapUsed: number; readonly samples: number };
  /** (final - baseline) / baseline of the RSS medians. */
  readonly rssGrowth: number;
  readonly heapGrowth: number;
  /** Growth allowed before the run fails (0.05). */
  readonly limit: number;
  readonly ok: boolean;
}

/**
 * Judges `samples` (in time order): the baseline is the median of the first {@link SAMPLES_PER_MEDIAN} samples
 * taken after `warmUp` seconds, the final value the median of the last {@link SAMPLES_PER_MEDIAN} (never
 * overlapping the baseline). The run passes when the RSS median grew by at most `limit`.
 * @throws {@link RangeError} when there are too few samples after warm-up to compare two medians.
 */
export function judgeMemory(samples: readonly MemorySample[], warmUp: number, limit = 0.05): MemoryVerdict {
  const afterWarmUp = samples.filter((sample) => sample.atSeconds >= warmUp);
  const count = Math.min(SAMPLES_PER_MEDIAN, Math.floor(afterWarmUp.length / 2));
  if (count < 2) throw new RangeError(`only ${afterWarmUp.length} memory samples after the ${warmUp} s warm-up; run longer`);
  const first = afterWarmUp.slice(0, count);
  const last = afterWarmUp.slice(-count);
  const baseline = { rss: median(first.map((s) => s.rss)), heapUsed: median(first.map((s) => s.heapUsed)), samples: count };
  const final = { rss: median(last.map((s) => s.rss)), heapUsed: median(last.map((s) => s.heapUsed)), samples: count };
  const rssGrowth = (final.rss - baseline.rss) / baseline.rss;
  const heapGrowth = (final.heapUsed - baseline.heapUsed) / baseline.heapUsed;
  return { warmUpSeconds: warmUp, baseline, final, rssGrowth, heapGrowth, limit, ok: rssGrowth <= limit };
}
