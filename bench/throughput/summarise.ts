/** Pure arithmetic of the throughput section: from the samples of each round to the reported medians and ratios. */
import { median, round } from '../stats.js';
import type { RunSample } from './measure.js';
import { variantNames } from './variantNames.js';
import type { VariantName } from './variantNames.js';

/** One variant at one concurrency and answer size: medians over the rounds. */
export interface VariantResult {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Median over the rounds of (this variant's ops/s) / (raw axios's ops/s in the same round). */
  readonly vsRawAxios: number;
  readonly errors: number;
  /** This variant's ops/s in each round, in round order: the ratios between variants are taken round by round. */
  readonly roundOpsPerSec: readonly number[];
}

/** Results at one answer size, by concurrency (as a string key) then by variant. */
export type ThroughputResult = Record<string, Record<VariantName, VariantResult>>;

/** Results by answer size (tasks in the answer, as a string key). */
export type ThroughputBySize = Record<string, ThroughputResult>;

/** What every variant measured in one round. */
export type Round = ReadonlyMap<VariantName, RunSample>;

/**
 * The median over rounds of numerator[i] / denominator[i], each ratio taken within one round: a machine that
 * slows down for a while (another process, a thermal limit) slows both sides of a round alike, so the ratio holds
 * where the raw rates would not.
 * @throws {RangeError} when the lists differ in length or are empty, or a denominator is not positive.
 */
export function medianRoundRatio(numerator: readonly number[], denominator: readonly number[]): number {
  if (numerator.length !== denominator.length) throw new RangeError(`ratio of ${numerator.length} rounds to ${denominator.length}`);
  return median(numerator.map((value, index) => {
    const base = denominator[index] as number;
    if (!(base > 0)) throw new RangeError(`round ${index + 1} has a denominator of ${base}`);
    return value / base;
  }));
}

/**
 * The report of every variant over `rounds`: medians of ops/s, p50 and p99, the summed errors, and the ratio to
 * raw axios.
 * @throws {RangeError} for no rounds, or a variant missing from a round.
 */
export function summariseRounds(rounds: readonly Round[]): Record<VariantName, VariantResult> {
  if (rounds.length === 0) throw new RangeError('no rounds to summarise');
  const opsOf = (samples: readonly RunSample[]) => samples.map((sample) => sample.opsPerSec);
  const raw = opsOf(samplesOf(rounds, 'rawAxios'));
  const result = {} as Record<VariantName, VariantResult>;
  for (const name of variantNames) {
    const samples = samplesOf(rounds, name);
    result[name] = {
      opsPerSec: Math.round(median(opsOf(samples))),
      p50Ms: round(median(samples.map((sample) => sample.p50Ms)), 3),
      p99Ms: round(median(samples.map((sample) => sample.p99Ms)), 3),
      vsRawAxios: round(medianRoundRatio(opsOf(samples), raw), 3),
      errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
      roundOpsPerSec: opsOf(samples).map((value) => round(value, 1)),
    };
  }
  return result;
}

function samplesOf(rounds: readonly Round[], name: VariantName): RunSample[] {
  return rounds.map((inRound, index) => {
    const sample = inRound.get(name);
    if (sample === undefined) throw new RangeError(`${name} is missing from round ${index + 1}`);
    return sample;
  });
}
