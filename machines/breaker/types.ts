import type { CallFailure } from '../types.js';
import type { OutcomeWindow } from './window.js';

/** The breaker's settings in milliseconds; build them with `breakerSettingsFrom(connectionOptions)`. */
export interface BreakerSettings {
  /** `EnableCircuitBreaker`: when false the breaker counts (for health) but never opens by itself. */
  readonly enabled: boolean;
  /** `CircuitBreakerFailureThreshold`: transient failures in the window needed to open. */
  readonly failureThreshold: number;
  /** `CircuitBreakerMinimumThroughput`: calls in the window needed before it may open at all. */
  readonly minimumThroughput: number;
  /** `CircuitBreakerFailureRatio`: when set, failures/calls must also reach it (0..1). */
  readonly failureRatio: number | null;
  /** `CircuitBreakerSamplingDurationSeconds` in ms: how far back the window looks. */
  readonly samplingDurationMs: number;
  /** How many buckets the window is split into (its granularity is samplingDurationMs / bucketCount). */
  readonly bucketCount: number;
  /** `CircuitBreakerBreakDurationSeconds` in ms: the first break. */
  readonly breakDurationMs: number;
  /** `CircuitBreakerMaxBreakDurationSeconds` in ms: cap of the break as it doubles after failed probes. */
  readonly maxBreakDurationMs: number;
  /** `CircuitBreakerHalfOpenProbes`: calls let through while half-open. */
  readonly halfOpenProbes: number;
  /** `RetryAfterMaxSeconds` in ms: the longest a server's Retry-After may hold the circuit open. */
  readonly retryAfterCapMs: number;
}

/** The breaker's context: plain data, so `getPersistedSnapshot()` captures all of it. */
export interface BreakerContext {
  readonly settings: BreakerSettings;
  readonly window: OutcomeWindow;
  /** When the circuit last opened (or was isolated); null while it never has since the last close. */
  readonly openedAt: number | null;
  /** Length of the current (or next) break; doubles after each failed probe, capped. */
  readonly breakMs: number;
  /** The latest time the breaker has heard of: the `at` of the last event, or the moment a timer fired. */
  readonly lastEventAt: number;
  /** Half-open slots claimed with `PROBE.ACQUIRE` and not yet answered. */
  readonly probesInFlight: number;
  /** The failure that last opened the circuit. */
  readonly lastFailure: CallFailure | null;
  /**
   * The isolations held now (`ISOLATE` not yet matched by its `RELEASE`), oldest first. Non-empty exactly while
   * the breaker is `isolated`: it stays isolated while any is held.
   */
  readonly isolations: readonly BreakerIsolation[];
}

/** One hand-made isolation: who holds it (an id the sender chose) and why. */
export interface BreakerIsolation {
  /** Chosen by the sender, unique among the isolations it holds; `RELEASE` names it. */
  readonly id: string;
  /** Why, for logs, events and the visualizer (e.g. `server maintenance`). */
  readonly reason: string;
  /** When it began (epoch ms). */
  readonly at: number;
}

/** Events the breaker accepts. Every one carries `at`: epoch ms from the sender's clock. */
export type BreakerEvent =
  | { readonly type: 'CALL.SUCCEEDED'; readonly at: number }
  | { readonly type: 'CALL.FAILED'; readonly at: number; readonly failure: CallFailure }
  /** Claims a half-open slot, right after `checkPermit` answered `{ allowed: true, probe: true }`. */
  | { readonly type: 'PROBE.ACQUIRE'; readonly at: number }
  /**
   * Opens by hand until every isolation is released: adds isolation `id` (an `id` already held is ignored).
   * Calls are refused from any state; the first isolation enters `isolated`.
   */
  | { readonly type: 'ISOLATE'; readonly at: number; readonly id: string; readonly reason: string }
  /** Ends isolation `id` (an unknown `id` is ignored); the last one to end closes the circuit, as `RESET` does. */
  | { readonly type: 'RELEASE'; readonly at: number; readonly id: string }
  /**
   * Closes by hand, forgetting the window and the grown break. While isolated it forgets them too but stays
   * isolated: a reset never ends an isolation someone else holds.
   */
  | { readonly type: 'RESET'; readonly at: number }
  /** Send once after restoring a persisted snapshot: re-arms the break timer from `openedAt`. */
  | { readonly type: 'RESTORED'; readonly at: number };

/** Events the breaker emits (`actor.on('breaker.opened', ...)`). */
export type BreakerEmitted =
  | { readonly type: 'breaker.opened'; readonly at: number; readonly breakMs: number; readonly failure: CallFailure | null }
  | { readonly type: 'breaker.halfOpen'; readonly at: number }
  | { readonly type: 'breaker.closed'; readonly at: number }
  /** Entered `isolated`: the first isolation, with its reason. */
  | { readonly type: 'breaker.isolated'; readonly at: number; readonly reason: string };

/** The breaker's top-level states. */
export type BreakerStateName = 'closed' | 'open' | 'halfOpen' | 'isolated';
