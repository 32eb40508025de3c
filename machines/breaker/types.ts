import type { CallFailure } from '../types.js';
import type { OutcomeWindow, WindowBucket } from './window.js';

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

/**
 * A breaker's state as saved across a process restart (state only: the settings come from the new process).
 * Times are wall-clock epoch ms, so the break is re-armed from when it began, not from when the process started.
 */
export interface BreakerState {
  /** The state when saved. */
  readonly state: BreakerStateName;
  /** When the circuit last opened (or was isolated); null when closed. */
  readonly openedAt: number | null;
  /** The break as it had grown (doubled after failed probes); clamped to the current settings on restore. */
  readonly breakMs: number;
  /** The closed-state window's buckets (oldest first); re-bucketed into the current window on restore. */
  readonly buckets: readonly WindowBucket[];
  /**
   * The isolations held when saved (`isolated` only; empty otherwise). Their holders do not outlive the process:
   * a restored isolation ends with `RELEASE` of its id (`restored` when the list was not saved).
   */
  readonly isolations?: readonly BreakerIsolation[];
}

/** The breaker machine's input: its settings, and optionally a saved state to resume from. */
export interface BreakerInput extends BreakerSettings {
  /**
   * Resume from a saved state, with these (the current) settings applied: an `open` breaker saved at `openedAt`
   * with break B restored at `at` stays open for what is left of B (goes half-open at once when B is over); a
   * `halfOpen` one resumes half-open with no probe in flight; `isolated` stays isolated. An `open` or `halfOpen`
   * state restored with `enabled` false resumes closed.
   */
  readonly restored?: BreakerState & {
    /** Now: epoch ms from the restoring process's clock. */
    readonly at: number;
  };
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
  /**
   * The saved state (from `input.restored`) the breaker still has to move to at start; null once it has, when it
   * started fresh, or when the saved state was closed.
   */
  readonly resumeTo: Exclude<BreakerStateName, 'closed'> | null;
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
