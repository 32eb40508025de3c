import { seededRandom } from '../../machines/random.js';
import type { RandomSource } from '../../machines/random.js';

/** A fault the proxy and the server control can play. */
export type Fault =
  /** A share of requests answered 5xx by the proxy; some of those were applied by the server first (answer lost). */
  | { readonly kind: 'serverErrors'; readonly errorRate: number; readonly statuses: readonly number[]; readonly lostAnswerRate: number }
  /** The server process is killed (SIGKILL) at the start and restarted on the same database and port at the end. */
  | { readonly kind: 'serverDown' }
  /** Every answer is held back by a delay drawn from the range. */
  | { readonly kind: 'slowResponses'; readonly minDelayMs: number; readonly maxDelayMs: number }
  /** A share of requests answered 429 with `Retry-After`. */
  | { readonly kind: 'rateLimited'; readonly rate: number; readonly retryAfterSeconds: number };

/** What a phase of the run does: nothing (`normal`, `recovery`) or one fault. */
export type PhaseKind = 'normal' | Fault['kind'] | 'recovery';

/** One phase of the timeline; offsets are ms from the start of the run. */
export interface TimelinePhase {
  readonly kind: PhaseKind;
  /** For people: `5xx burst`, `server killed`, ... */
  readonly label: string;
  readonly startMs: number;
  readonly endMs: number;
  /** The fault played during the phase; null for `normal` and `recovery`. */
  readonly fault: Fault | null;
}

/** The whole run's plan: a pure function of the seed and the duration. */
export interface Timeline {
  readonly seed: number;
  readonly durationMs: number;
  readonly phases: readonly TimelinePhase[];
}

/** The shortest duration the faults can be squeezed into, ms. */
export const MIN_TIMELINE_MS = 10_000;

const LABELS: Readonly<Record<PhaseKind, string>> = {
  normal: 'normal',
  serverErrors: '5xx burst',
  serverDown: 'server killed',
  slowResponses: 'slow responses',
  rateLimited: '429 with Retry-After',
  recovery: 'recovery',
};

// Share of the duration each phase gets before the seed's jitter; after the last fault, over a quarter is left for recovery.
const PLAN: readonly { readonly kind: PhaseKind; readonly weight: number }[] = [
  { kind: 'normal', weight: 0.1 },
  { kind: 'serverErrors', weight: 0.09 },
  { kind: 'normal', weight: 0.08 },
  { kind: 'serverDown', weight: 0.1 },
  { kind: 'normal', weight: 0.09 },
  { kind: 'slowResponses', weight: 0.09 },
  { kind: 'normal', weight: 0.08 },
  { kind: 'rateLimited', weight: 0.09 },
  { kind: 'recovery', weight: 0.28 },
];

/**
 * The fault timeline of a demo run: normal, a 5xx burst, the server killed and restarted, slow responses, 429 with
 * Retry-After, each followed by a quiet gap, then recovery. Phase lengths are the plan's shares of `durationMs`,
 * each stretched or shrunk by up to 15% by the seed; the faults' parameters come from the seed too. The same seed
 * and duration always give the same timeline.
 * @throws {@link RangeError} when `durationMs` is below {@link MIN_TIMELINE_MS} or `seed` is not an integer.
 */
export function buildTimeline(seed: number, durationMs: number): Timeline {
  if (!Number.isInteger(seed)) throw new RangeError(`The timeline seed must be an integer, got ${seed}`);
  if (!Number.isFinite(durationMs) || durationMs < MIN_TIMELINE_MS) {
    throw new RangeError(`The timeline needs at least ${MIN_TIMELINE_MS} ms to fit its faults, got ${durationMs}`);
  }
  const random = seededRandom(seed);
  const weights = PLAN.map(({ weight }) => weight * (0.85 + 0.3 * random()));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let startMs = 0;
  let cumulative = 0;
  const phases = PLAN.map(({ kind }, index): TimelinePhase => {
    cumulative += weights[index] ?? 0;
    const endMs = index === PLAN.length - 1 ? durationMs : Math.round((durationMs * cumulative) / total);
    const phase = { kind, label: LABELS[kind], startMs, endMs, fault: faultOf(kind, random) };
    startMs = endMs;
    return phase;
  });
  return { seed, durationMs, phases };
}

/** The phase running `elapsedMs` into the run (the last one once the timeline is over). */
export function phaseAt(timeline: Timeline, elapsedMs: number): TimelinePhase {
  const phase = timeline.phases.find((p) => elapsedMs < p.endMs) ?? timeline.phases.at(-1);
  if (phase === undefined) throw new RangeError('A timeline has at least one phase');
  return phase;
}

/** One line per phase, for the start of a run: `  0.0s- 8.4s  normal`. */
export function describeTimeline(timeline: Timeline): string[] {
  const seconds = (ms: number): string => (ms / 1000).toFixed(1).padStart(5);
  return timeline.phases.map((p) => `${seconds(p.startMs)}s-${seconds(p.endMs)}s  ${p.label}${p.fault === null ? '' : ` (${describeFault(p.fault)})`}`);
}

/** The fault's parameters in a few words. */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'serverErrors':
      return `${percent(fault.errorRate)} of requests answered ${fault.statuses.join('/')}, ${percent(fault.lostAnswerRate)} of those after the server applied them`;
    case 'serverDown':
      return 'SIGKILL, then a restart on the same database and port';
    case 'slowResponses':
      return `answers delayed ${fault.minDelayMs}-${fault.maxDelayMs} ms`;
    case 'rateLimited':
      return `${percent(fault.rate)} of requests answered 429 with Retry-After ${fault.retryAfterSeconds} s`;
  }
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function faultOf(kind: PhaseKind, random: RandomSource): Fault | null {
  const between = (low: number, high: number): number => low + (high - low) * random();
  switch (kind) {
    case 'normal':
    case 'recovery':
      return null;
    case 'serverErrors': {
      const all = [500, 502, 503, 504];
      const statuses = all.filter(() => random() < 0.6);
      return {
        kind,
        errorRate: round2(between(0.6, 0.85)),
        statuses: statuses.length === 0 ? [503] : statuses,
        lostAnswerRate: round2(between(0.1, 0.25)),
      };
    }
    case 'serverDown':
      return { kind };
    case 'slowResponses': {
      const minDelayMs = Math.round(between(1_200, 1_600));
      return { kind, minDelayMs, maxDelayMs: minDelayMs + Math.round(between(400, 900)) };
    }
    case 'rateLimited':
      return { kind, rate: round2(between(0.5, 0.8)), retryAfterSeconds: random() < 0.5 ? 1 : 2 };
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
