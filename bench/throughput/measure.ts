import { latencySummary } from '../stats.js';
import type { Variant } from './variants.js';

/** What one timed run of one variant measured. */
export interface RunSample {
  /** Calls completed per second. */
  readonly opsPerSec: number;
  /** Latency percentiles, ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly calls: number;
  /** Calls that rejected (there should be none: the server always answers). */
  readonly errors: number;
}

/** A growable list of latencies without boxing a number per call. */
class Latencies {
  private values = new Float64Array(1 << 14);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  toArray(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/**
 * Keeps `concurrency` calls of `variant` in flight for `durationMs` (each caller starts its next call as soon as
 * the last one settles) and reports the completed calls per second and the latency percentiles, timed with
 * `process.hrtime.bigint()`.
 */
export async function measure(variant: Variant, concurrency: number, durationMs: number): Promise<RunSample> {
  const latencies = new Latencies();
  let errors = 0;
  const startedAt = process.hrtime.bigint();
  const endAt = startedAt + BigInt(Math.round(durationMs * 1e6));
  const caller = async (): Promise<void> => {
    for (;;) {
      const before = process.hrtime.bigint();
      if (before >= endAt) return;
      try {
        await variant.call();
      } catch {
        errors += 1;
      }
      latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsedSec = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const { p50, p99 } = latencySummary(latencies.toArray());
  return { opsPerSec: latencies.length / elapsedSec, p50Ms: p50, p99Ms: p99, calls: latencies.length, errors };
}
