import { median, round } from '../stats.js';
import type { RunSample } from './measure.js';
import { measure } from './measure.js';
import { createVariant, variantNames } from './variants.js';
import type { Variant, VariantName } from './variants.js';

/** How the throughput section runs. */
export interface ThroughputOptions {
  readonly baseUrl: string;
  readonly concurrencies: readonly number[];
  /** Interleaved rounds: each round runs every variant once, in an order rotated by one each round. */
  readonly rounds: number;
  /** Length of one variant's run within a round, ms. */
  readonly runMs: number;
  /** Untimed run of each variant before the rounds (JIT, sockets), ms. */
  readonly warmupMs: number;
}

/** One variant at one concurrency: medians over the rounds. */
export interface VariantResult {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Median over the rounds of (this variant's ops/s) / (raw axios's ops/s in the same round). */
  readonly vsRawAxios: number;
  readonly errors: number;
}

/** Results by concurrency (as a string key) then by variant. */
export type ThroughputResult = Record<string, Record<VariantName, VariantResult>>;

/**
 * Runs every variant at every concurrency, alternately: round after round, each variant in turn for `runMs`, so
 * a machine that slows down (another process, a thermal limit) slows every variant alike; each ratio to raw
 * axios is taken within a round, then the median over rounds is reported.
 */
export async function runThroughput(options: ThroughputOptions, progress: (line: string) => void): Promise<ThroughputResult> {
  const variants = variantNames.map((name) => createVariant(name, options.baseUrl));
  try {
    for (const variant of variants) await measure(variant, Math.max(...options.concurrencies), options.warmupMs);
    const result: ThroughputResult = {};
    for (const concurrency of options.concurrencies) {
      result[String(concurrency)] = await runAtConcurrency(variants, concurrency, options, progress);
    }
    return result;
  } finally {
    await Promise.all(variants.map((variant) => variant.dispose()));
  }
}

async function runAtConcurrency(
  variants: readonly Variant[], concurrency: number, options: ThroughputOptions, progress: (line: string) => void,
): Promise<Record<VariantName, VariantResult>> {
  const samples = new Map<VariantName, RunSample[]>(variants.map((variant) => [variant.name, []]));
  const ratios = new Map<VariantName, number[]>(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < options.rounds; round += 1) {
    const order = variants.map((_, index) => variants[(index + round) % variants.length] as Variant);
    const inRound = new Map<VariantName, RunSample>();
    for (const variant of order) inRound.set(variant.name, await measure(variant, concurrency, options.runMs));
    const raw = inRound.get('rawAxios');
    for (const [name, sample] of inRound) {
      samples.get(name)?.push(sample);
      if (raw !== undefined) ratios.get(name)?.push(sample.opsPerSec / raw.opsPerSec);
    }
    progress(`throughput c=${concurrency} round ${round + 1}/${options.rounds}: ${[...inRound].map(([name, s]) => `${name} ${Math.round(s.opsPerSec)}/s`).join(', ')}`);
  }
  const result = {} as Record<VariantName, VariantResult>;
  for (const { name } of variants) {
    const list = samples.get(name) ?? [];
    result[name] = {
      opsPerSec: Math.round(median(list.map((s) => s.opsPerSec))),
      p50Ms: round(median(list.map((s) => s.p50Ms)), 3),
      p99Ms: round(median(list.map((s) => s.p99Ms)), 3),
      vsRawAxios: round(median(ratios.get(name) ?? []), 3),
      errors: list.reduce((sum, s) => sum + s.errors, 0),
    };
  }
  return result;
}
