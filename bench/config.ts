import type { HerdVariantName } from './herd/herdSim.js';

/** Sizes of a benchmark run: the full run, and `--quick` (the whole of it in three to four minutes on 2 cores). */
export interface BenchConfig {
  /** Tasks in the `GET api/tasks` answer of the throughput runs (a real server answers with every task it holds). */
  readonly answerSizes: readonly number[];
  readonly concurrencies: readonly number[];
  readonly rounds: number;
  /** One variant's timed run within a round, ms. */
  readonly runMs: number;
  readonly warmupMs: number;
  readonly failFastRounds: number;
  readonly failFastRunMs: number;
  /** Simulated clients of the herd, and the period of each one's calls, ms. */
  readonly herdClients: number;
  readonly herdPeriodMs: number;
  /** Herd variants run (see `herdVariants`). */
  readonly herdVariants: readonly HerdVariantName[];
  /** Simulated seconds: steady traffic before the outage, the outage, and after recovery. */
  readonly herdSteadySec: number;
  readonly herdOutageSec: number;
  readonly herdAfterSec: number;
  /** Recovery scenarios: short break (s), and whether the default 30 s break runs too. */
  readonly recoveryShortBreakSec: number;
  readonly recoveryDefaultBreak: boolean;
  /** How long the server stays down in the recovery runs, ms. */
  readonly recoveryDownMs: number;
  /** Runs of the short-break scenario: its recovery takes one of two paths (a fresh client, or the breaker's end). */
  readonly recoveryRepeats: number;
  /** Manager counts of the memory section. */
  readonly memoryCounts: readonly number[];
  /** Entries queued and drained by the outbox section. */
  readonly outboxEntries: number;
}

export const fullConfig: BenchConfig = {
  answerSizes: [3, 100, 1000],
  concurrencies: [1, 64],
  rounds: 7,
  runMs: 3000,
  warmupMs: 2000,
  failFastRounds: 5,
  failFastRunMs: 1000,
  herdClients: 1000,
  herdPeriodMs: 2000,
  herdVariants: ['noJitter', 'full', 'equal', 'decorrelated', 'defaults', 'noBreakerNoJitter', 'noBreakerDefaults'],
  herdSteadySec: 10,
  herdOutageSec: 10,
  herdAfterSec: 40,
  recoveryShortBreakSec: 1,
  recoveryDefaultBreak: true,
  recoveryDownMs: 5000,
  recoveryRepeats: 5,
  memoryCounts: [1000, 10_000],
  outboxEntries: 600,
};

/** `--quick`: fewer and shorter rounds; the herd's steady phase shortened; the 30 s break and 10,000 managers left out. */
export const quickConfig: BenchConfig = {
  answerSizes: [3, 100, 1000],
  concurrencies: [1, 64],
  rounds: 3,
  runMs: 800,
  warmupMs: 500,
  failFastRounds: 3,
  failFastRunMs: 300,
  herdClients: 1000,
  herdPeriodMs: 2000,
  herdVariants: ['noJitter', 'full', 'equal', 'decorrelated', 'defaults'],
  herdSteadySec: 5,
  herdOutageSec: 10,
  herdAfterSec: 30,
  recoveryShortBreakSec: 1,
  recoveryDefaultBreak: false,
  recoveryDownMs: 2000,
  recoveryRepeats: 3,
  memoryCounts: [1000],
  outboxEntries: 600,
};
