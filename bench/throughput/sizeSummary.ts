/**
 * The headline ratios of the throughput section by answer size, in the shape of the JSON report:
 * `{ "<tasks>": { "c<concurrency>": ratio } }`, and whether each meets its goal.
 */
import { round } from '../stats.js';
import { enhancedVsRawAxiosMet, managerVsEnhancedMet } from './goals.js';
import { medianRoundRatio } from './summarise.js';
import type { ThroughputBySize, ThroughputResult, VariantResult } from './summarise.js';
import type { VariantName } from './variantNames.js';

/** Ratios by answer size, then by `c<concurrency>`. */
export type RatiosBySize = Record<string, Record<string, number>>;

/** One ratio and whether it meets its goal, for the report's goal columns. */
export interface RatioVerdict {
  readonly size: string;
  readonly concurrency: string;
  readonly ratio: number;
  readonly met: boolean;
}

/** Enhanced ops/s over raw axios ops/s, each the median over rounds of the ratio within a round. */
export function enhancedVsRawAxiosBySize(bySize: ThroughputBySize): RatiosBySize {
  return mapRatios(bySize, (byVariant) => byVariant.enhanced.vsRawAxios);
}

/**
 * manager.client ops/s over Enhanced ops/s, the median over rounds of the ratio within a round (the two are in
 * every round, so a slow moment of the machine weighs on both alike).
 */
export function managerVsEnhancedBySize(bySize: ThroughputBySize): RatiosBySize {
  return mapRatios(bySize, (byVariant) => round(medianRoundRatio(byVariant.manager.roundOpsPerSec, byVariant.enhanced.roundOpsPerSec), 3));
}

/** Every Enhanced / raw axios ratio with its verdict, in size then concurrency order. */
export function enhancedVerdicts(ratios: RatiosBySize): RatioVerdict[] {
  return verdicts(ratios, (size, ratio) => enhancedVsRawAxiosMet(Number(size), ratio));
}

/** Every manager / Enhanced ratio with its verdict. */
export function managerVerdicts(ratios: RatiosBySize): RatioVerdict[] {
  return verdicts(ratios, (_size, ratio) => managerVsEnhancedMet(ratio));
}

function mapRatios(bySize: ThroughputBySize, ratioOf: (byVariant: Record<VariantName, VariantResult>) => number): RatiosBySize {
  return Object.fromEntries(Object.entries(bySize).map(([size, byConcurrency]: [string, ThroughputResult]) => [
    size,
    Object.fromEntries(Object.entries(byConcurrency).map(([concurrency, byVariant]) => [`c${concurrency}`, ratioOf(byVariant)])),
  ]));
}

function verdicts(ratios: RatiosBySize, met: (size: string, ratio: number) => boolean): RatioVerdict[] {
  return Object.entries(ratios).flatMap(([size, byConcurrency]) =>
    Object.entries(byConcurrency).map(([concurrency, ratio]) => ({ size, concurrency, ratio, met: met(size, ratio) })));
}
