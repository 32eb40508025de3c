/** Samples kept per endpoint at most: enough for a stable p95, small enough to sort on each hedged read. */
const DEFAULT_CAPACITY = 128;
/** Samples older than this no longer count: the p95 follows the endpoint as it is now, not as it was. */
const DEFAULT_WINDOW_MS = 60_000;
/** Below this many recent samples the percentile is not trusted (one slow call would be the p95). */
const DEFAULT_MIN_SAMPLES = 10;

/** Sizes of a {@link LatencyWindow}. */
export interface LatencyWindowOptions {
  /** Samples kept at most (the oldest are overwritten). Default 128. */
  readonly capacity?: number;
  /** How far back samples count, ms. Default 60 000. */
  readonly windowMs?: number;
  /** Fewest recent samples that give a percentile; fewer give null. Default 10. */
  readonly minSamples?: number;
}

/**
 * The latencies of one endpoint's recent calls: a ring of the last `capacity` samples, of which those no older than
 * `windowMs` count. Time is passed in (no clock of its own), so a test decides what "recent" is.
 */
export class LatencyWindow {
  private readonly at: number[] = [];
  private readonly ms: number[] = [];
  private next = 0;
  private readonly capacity: number;
  private readonly windowMs: number;
  private readonly minSamples: number;

  constructor(options: LatencyWindowOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? DEFAULT_CAPACITY);
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.minSamples = Math.max(1, options.minSamples ?? DEFAULT_MIN_SAMPLES);
  }

  /** Records that a call ended `ms` after it started, at `at` (epoch ms). */
  record(at: number, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.at[this.next] = at;
    this.ms[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
  }

  /**
   * The `q` quantile (0..1, nearest rank) of the samples recorded since `now - windowMs`, or null when fewer than
   * `minSamples` are that recent.
   */
  percentile(q: number, now: number): number | null {
    const since = now - this.windowMs;
    const recent: number[] = [];
    for (let i = 0; i < this.ms.length; i += 1) if ((this.at[i] ?? -Infinity) >= since) recent.push(this.ms[i] ?? 0);
    if (recent.length < this.minSamples) return null;
    recent.sort((a, b) => a - b);
    const rank = Math.min(recent.length, Math.max(1, Math.ceil(q * recent.length)));
    return recent[rank - 1] ?? null;
  }
}
