import os from 'node:os';
import type { EndpointsResult } from './endpoints.js';
import type { FailFastResult } from './failFast.js';
import { median } from './stats.js';
import type { HerdRunResult } from './herd/herdSim.js';
import type { OutboxBenchResult } from './outbox/result.js';
import type { RecoveryResult } from './recovery/recovery.js';
import { enhancedVsRawAxiosGoalText, managerVsEnhancedGoalText } from './throughput/goals.js';
import { enhancedVerdicts, enhancedVsRawAxiosBySize, managerVerdicts, managerVsEnhancedBySize } from './throughput/sizeSummary.js';
import type { RatioVerdict } from './throughput/sizeSummary.js';
import type { ThroughputBySize, ThroughputResult } from './throughput/summarise.js';

/** One memory run, as bench/memory/main.ts prints it. */
export interface MemoryResult {
  readonly managers: number;
  readonly heapPerManagerKB: number;
  readonly residualAfterDisposeKB: number;
  readonly createMs: number;
  /** Calls (one per ten managers) that failed; expected 0. */
  readonly callErrors: number;
  readonly rssMB: number;
}

/** Everything a run measured; sections not run are absent. */
export interface BenchResults {
  /** The 3-task answers of `throughputBySize`, under the key and in the shape the report had before sizes. */
  throughput?: ThroughputResult;
  /** Throughput by answer size (tasks, as a string key). */
  throughputBySize?: ThroughputBySize;
  /** Bytes of the `GET api/tasks` answer at each size. */
  throughputAnswerBytes?: Record<string, number>;
  failFast?: FailFastResult;
  /** Per-call cost of endpoint selection (MultiEndpointClient against one EnhancedApiClient). */
  endpoints?: EndpointsResult;
  herd?: HerdRunResult[];
  recovery?: RecoveryResult[];
  memory?: MemoryResult[];
  outbox?: OutboxBenchResult;
}

/** The machine the figures come from, and how busy it was. */
export interface MachineInfo {
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly loadAverage1m: number;
}

/** The machine the figures come from, and how busy it was (1-minute load average now). */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

interface Goal {
  readonly target: string;
  readonly value: unknown;
  readonly met: boolean | null;
}

/** The headline figures and whether each goal is met (null: not measured in this run). */
export function headline(results: BenchResults): Record<string, unknown> {
  const throughput = results.throughput;
  const enhancedVsRawAxios = throughput === undefined
    ? null
    : Object.fromEntries(Object.entries(throughput).map(([concurrency, byVariant]) => [`c${concurrency}`, byVariant.enhanced.vsRawAxios]));
  const ratios = enhancedVsRawAxios === null ? [] : Object.values(enhancedVsRawAxios);
  const failFastPerSec = results.failFast === undefined ? null : Math.min(results.failFast.enhancedIsolated, results.failFast.enhancedTripped);
  const defaults = results.herd?.find((run) => run.variant === 'defaults');
  const herdPeakOverSteady = defaults === undefined ? null : Math.round(defaults.peakOverSteady * 1000) / 1000;
  // The first scenario (short break) is run several times: its median and its worst run are the headline.
  const shortRuns = results.recovery?.filter((run) => run.name === results.recovery?.[0]?.name) ?? [];
  const shortTimes = shortRuns.map((run) => run.recoveryMs ?? Number.POSITIVE_INFINITY);
  const recoveryMs = shortTimes.length === 0 ? null : median(shortTimes);
  const recoveryMsMax = shortTimes.length === 0 ? null : Math.max(...shortTimes);
  const heapPerManagerKB = results.memory === undefined
    ? null
    : Object.fromEntries(results.memory.map((run) => [String(run.managers), run.heapPerManagerKB]));
  const heaps = results.memory?.map((run) => run.heapPerManagerKB) ?? [];
  const bySize = results.throughputBySize;
  const enhancedVsRawAxiosBySizeValue = bySize === undefined ? null : enhancedVsRawAxiosBySize(bySize);
  const managerVsEnhancedBySizeValue = bySize === undefined ? null : managerVsEnhancedBySize(bySize);
  const goals: Record<string, Goal> = {
    enhancedVsRawAxios: { target: '>= 0.97', value: enhancedVsRawAxios, met: ratios.length === 0 ? null : ratios.every((ratio) => ratio >= 0.97) },
    failFastPerSec: { target: '>= 200000', value: failFastPerSec, met: failFastPerSec === null ? null : failFastPerSec >= 200_000 },
    herdPeakOverSteady: { target: '<= 1.5 (defaults)', value: herdPeakOverSteady, met: herdPeakOverSteady === null ? null : herdPeakOverSteady <= 1.5 },
    recoveryMs: {
      target: '<= break duration + 1000',
      value: results.recovery?.map((run) => ({ name: run.name, recoveryMs: run.recoveryMs, limitMs: run.breakDurationMs + 1000 })) ?? null,
      met: results.recovery === undefined ? null : results.recovery.every((run) => run.recoveryMs !== null && run.recoveryMs <= run.breakDurationMs + 1000),
    },
    heapPerManagerKB: { target: '<= 100', value: heapPerManagerKB, met: heaps.length === 0 ? null : heaps.every((kb) => kb <= 100) },
    enhancedVsRawAxiosBySize: {
      target: enhancedVsRawAxiosGoalText, value: enhancedVsRawAxiosBySizeValue,
      met: allMet(enhancedVsRawAxiosBySizeValue === null ? [] : enhancedVerdicts(enhancedVsRawAxiosBySizeValue)),
    },
    managerVsEnhancedBySize: {
      target: managerVsEnhancedGoalText, value: managerVsEnhancedBySizeValue,
      met: allMet(managerVsEnhancedBySizeValue === null ? [] : managerVerdicts(managerVsEnhancedBySizeValue)),
    },
  };
  return {
    enhancedVsRawAxios, enhancedVsRawAxiosBySize: enhancedVsRawAxiosBySizeValue, managerVsEnhancedBySize: managerVsEnhancedBySizeValue,
    failFastPerSec, herdPeakOverSteady, recoveryMs, recoveryMsMax, heapPerManagerKB, goals,
  };
}

/** True when every verdict is met, null when there is none (not measured in this run). */
function allMet(verdicts: readonly RatioVerdict[]): boolean | null {
  return verdicts.length === 0 ? null : verdicts.every((verdict) => verdict.met);
}
