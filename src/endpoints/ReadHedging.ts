import { operations } from '../api/operations/index.js';
import type { OperationName } from '../api/operations/index.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { redactString } from '../util/redact/redactString.js';
import { realTimers, runHedged } from './hedge.js';
import type { HedgeOutcome, HedgeTimers } from './hedge.js';
import { LatencyWindow } from './LatencyWindow.js';
import type { LatencyWindowOptions } from './LatencyWindow.js';

/** Hedge delay before an endpoint has enough recent samples for a p95. */
const DEFAULT_INITIAL_DELAY_MS = 200;
/** Shortest hedge delay: under it a hedge would mostly double the load for a gain lost in scheduling noise. */
const DEFAULT_MIN_DELAY_MS = 10;
const P95 = 0.95;

/** Hedged reads of the {@link MultiEndpointClient} (Polly's hedging strategy). Off unless `enabled`. */
export interface HedgeOptions {
  /** Hedge idempotent GETs. Default false (`ApiSettings.HedgeReads`). */
  readonly enabled?: boolean;
  /**
   * A fixed delay before the hedge, ms; null or absent: the first endpoint's observed p95 latency over its recent
   * calls (`ApiSettings.HedgeDelayMs`), never below `minDelayMs`, `initialDelayMs` until there are enough samples.
   */
  readonly delayMs?: number | null;
  /** Floor of the observed delay, ms. Default 10. */
  readonly minDelayMs?: number;
  /** The observed delay before an endpoint has enough recent samples, ms. Default 200. */
  readonly initialDelayMs?: number;
  /** Which recent calls make an endpoint's p95: default the last 128 within 60 s, at least 10. */
  readonly window?: LatencyWindowOptions;
  /** Told how each hedged read ended, e.g. `countHedges(nodeId)` (vcconn_hedged_requests_total). */
  readonly onHedge?: (event: HedgeEvent) => void;
}

/** A read that waited past its hedge delay, and how it ended. */
export interface HedgeEvent {
  readonly operation: OperationName;
  readonly outcome: HedgeOutcome;
  /** The endpoint the read went to first (a password in it redacted). */
  readonly primary: string;
  readonly delayMs: number;
}

/** What a hedged read needs from its client: how to send to one endpoint, and where a hedge may go. */
export interface HedgeRoute<T> {
  readonly primary: string;
  send(url: string, signal: AbortSignal): Promise<T>;
  second(): string | undefined;
  hedged(url: string): void;
}

function checkDelay(name: string, value: number | null | undefined): void {
  if (value === undefined || value === null) return;
  if (!Number.isFinite(value) || value < 0) throw new InvalidArgumentError('MultiEndpointClient', `hedge.${name}`, 'must be a number of ms, 0 or more');
}

/** True for the operations a hedge may send twice: the idempotent GETs (never a write, whatever its idempotency). */
export function isHedgeable(operation: OperationName): boolean {
  return operations[operation].method === 'GET' && operation !== 'health';
}

/**
 * The hedging of one MultiEndpointClient: each endpoint's recent read latencies, the delay they give, and the
 * hedged run of a read. Made only when hedging is on, so a client without it pays nothing per call.
 */
export class ReadHedging {
  private readonly windows = new Map<string, LatencyWindow>();
  private readonly fixedDelayMs: number | null;
  private readonly minDelayMs: number;
  private readonly initialDelayMs: number;

  /** @throws {@link InvalidArgumentError} for a negative or non-finite delay. */
  constructor(private readonly options: HedgeOptions, private readonly now: () => number, private readonly timers: HedgeTimers = realTimers) {
    checkDelay('delayMs', options.delayMs);
    checkDelay('minDelayMs', options.minDelayMs);
    checkDelay('initialDelayMs', options.initialDelayMs);
    this.fixedDelayMs = options.delayMs ?? null;
    this.minDelayMs = options.minDelayMs ?? DEFAULT_MIN_DELAY_MS;
    this.initialDelayMs = options.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  }

  /** The hedging `options` ask for, or undefined when they leave it off. */
  static from(options: HedgeOptions | undefined, now: () => number, timers?: HedgeTimers): ReadHedging | undefined {
    return options?.enabled === true ? new ReadHedging(options, now, timers) : undefined;
  }

  /** How long a read to `url` may go unanswered before it is hedged, ms. */
  delayFor(url: string): number {
    if (this.fixedDelayMs !== null) return this.fixedDelayMs;
    const p95 = this.windows.get(url)?.percentile(P95, this.now());
    return Math.max(this.minDelayMs, p95 ?? this.initialDelayMs);
  }

  /** Records one read's latency at `url` (epoch ms `at`). */
  record(url: string, ms: number, at: number): void {
    let window = this.windows.get(url);
    if (window === undefined) {
      window = new LatencyWindow(this.options.window);
      this.windows.set(url, window);
    }
    window.record(at, ms);
  }

  /** Forgets an endpoint's samples (dropped from the set). */
  forget(url: string): void {
    this.windows.delete(url);
  }

  /** Runs one read on `route`, hedged after the primary's delay. */
  run<T>(operation: OperationName, route: HedgeRoute<T>): Promise<T> {
    const delayMs = this.delayFor(route.primary);
    const { onHedge } = this.options;
    return runHedged({
      primary: route.primary,
      send: (url, signal) => route.send(url, signal),
      second: () => route.second(),
      hedged: (url) => route.hedged(url),
      delayMs,
      timers: this.timers,
      now: this.now,
      record: (url, ms, at) => this.record(url, ms, at),
      report: (outcome) => onHedge?.({ operation, outcome, primary: redactString(route.primary), delayMs }),
    });
  }
}
