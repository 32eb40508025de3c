import { sizedBaseUrl } from '../server/routes.js';
import type { RunSample } from './measure.js';
import { measure } from './measure.js';
import { summariseRounds } from './summarise.js';
import type { Round, ThroughputBySize, ThroughputResult, VariantResult } from './summarise.js';
import { createVariant, variantNames } from './variants.js';
import type { Variant, VariantName } from './variants.js';

export type { ThroughputBySize, ThroughputResult, VariantResult } from './summarise.js';

/** How the throughput section runs. */
export interface ThroughputOptions {
  /** The benchmark server, `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** Tasks in the `GET api/tasks` answer: each size is a separate run of every variant at every concurrency. */
  readonly answerSizes: readonly number[];
  readonly concurrencies: readonly number[];
  /** Interleaved rounds: each round runs every variant once, in an order rotated by one each round. */
  readonly rounds: number;
  /** Length of one variant's run within a round, ms. */
  readonly runMs: number;
  /** Untimed run of each variant before the rounds of each size (JIT, sockets), ms. */
  readonly warmupMs: number;
}

/**
 * Runs every variant at every answer size and concurrency, alternately: round after round, each variant in turn
 * for `runMs`, so a machine that slows down (another process, a thermal limit) slows every variant alike; each
 * ratio to raw axios is taken within a round, then the median over rounds is reported. Each size gets fresh
 * clients pointed at the server's `/size/<n>` base URL, so every variant still calls plain `getTasks()`.
 */
export async function runThroughput(options: ThroughputOptions, progress: (line: string) => void): Promise<ThroughputBySize> {
  const bySize: ThroughputBySize = {};
  for (const size of options.answerSizes) bySize[String(size)] = await runAtSize(size, options, progress);
  return bySize;
}

async function runAtSize(size: number, options: ThroughputOptions, progress: (line: string) => void): Promise<ThroughputResult> {
  const baseUrl = sizedBaseUrl(options.baseUrl, size);
  const variants = variantNames.map((name) => createVariant(name, baseUrl));
  try {
    for (const variant of variants) {
      await measure(variant, Math.max(...options.concurrencies), options.warmupMs);
      // A variant that got something else (a 404, an empty list) would be timed at the speed of its failure.
      checkAnswer(variant.name, await variant.call(), size);
    }
    const result: ThroughputResult = {};
    for (const concurrency of options.concurrencies) {
      result[String(concurrency)] = await runAtConcurrency(variants, size, concurrency, options, progress);
    }
    return result;
  } finally {
    await Promise.all(variants.map((variant) => variant.dispose()));
  }
}

function checkAnswer(name: VariantName, answer: unknown, size: number): void {
  const got = Array.isArray(answer) ? `${answer.length} tasks` : typeof answer;
  if (!Array.isArray(answer) || answer.length !== size) throw new Error(`${name} got ${got} instead of ${size} tasks`);
}

async function runAtConcurrency(
  variants: readonly Variant[], size: number, concurrency: number, options: ThroughputOptions, progress: (line: string) => void,
): Promise<Record<VariantName, VariantResult>> {
  const rounds: Round[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const order = variants.map((_, index) => variants[(index + round) % variants.length] as Variant);
    const inRound = new Map<VariantName, RunSample>();
    for (const variant of order) inRound.set(variant.name, await measure(variant, concurrency, options.runMs));
    rounds.push(inRound);
    progress(`throughput ${size} tasks c=${concurrency} round ${round + 1}/${options.rounds}: ${[...inRound].map(([name, s]) => `${name} ${Math.round(s.opsPerSec)}/s`).join(', ')}`);
  }
  return summariseRounds(rounds);
}
