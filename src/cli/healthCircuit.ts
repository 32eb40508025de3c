import { acquirePermit } from '../../machines/breaker/permit.js';
import type { BreakerStateName } from '../../machines/breaker/types.js';
import { breakerSettingsFrom } from '../../machines/settings.js';
import type { CallFailure } from '../../machines/types.js';
import type { ConnectionOptions } from '../config/types.js';
import type { ConnectionClock } from '../manager/options.js';
import { startBreakerActor } from '../pipeline/breakerActor.js';

/** The breaker the dashboard's Circuit column shows. */
export interface DashboardCircuit {
  /** Whose breaker it is and what moves it, for the header. */
  readonly description: string;
  /** Its state now; undefined when there is none. */
  state(): BreakerStateName | undefined;
  /** Before the call it counts: may it go out? (A breaker of the dashboard's own claims a half-open slot.) */
  admit(): boolean;
  /** The outcome of the call admitted (null: success). A client's breaker hears its calls itself. */
  report(failure: CallFailure | null): void;
  stop(): void;
}

/** When the breaker opens and for how long, in the settings' words. */
export function describeBreakerSettings(connection: ConnectionOptions): string {
  if (!connection.enableCircuitBreaker) return 'never opens (EnableCircuitBreaker is false)';
  const ratio = connection.circuitBreakerFailureRatio === null ? '' : ` and a failure ratio of ${connection.circuitBreakerFailureRatio}`;
  return `opens at ${connection.circuitBreakerFailureThreshold} transient failures among at least `
    + `${connection.circuitBreakerMinimumThroughput} calls in ${connection.circuitBreakerSamplingDurationSeconds} s${ratio}; `
    + `half-open after ${connection.circuitBreakerBreakDurationSeconds} s (CircuitBreaker* settings)`;
}

/**
 * The current client's own breaker, moved by the real API call the dashboard makes each tick (`--probe`).
 * @param state the manager's `circuitState`, read on each tick (it follows client swaps).
 */
export function clientCircuit(state: () => BreakerStateName | undefined, what: string, connection: ConnectionOptions): DashboardCircuit {
  return {
    description: `the client's own breaker, moved by ${what} once per tick (no retries); it ${describeBreakerSettings(connection)}`,
    state,
    admit: () => true,
    report: () => undefined,
    stop: () => undefined,
  };
}

/**
 * A breaker of the dashboard's own with the client's settings, fed with one outcome per tick: what an Enhanced
 * client whose calls were these would show. Needed because the health probe bypasses the client's breaker (and
 * the Standard client has none).
 */
export function ownCircuit(
  connection: ConnectionOptions, what: string, time: { readonly clock?: ConnectionClock | undefined; readonly now: () => number },
): DashboardCircuit {
  const breaker = startBreakerActor(breakerSettingsFrom(connection), { now: time.now, ...(time.clock === undefined ? {} : { clock: time.clock }) });
  return {
    description: `the dashboard's own breaker (not the client's), counting ${what}; it ${describeBreakerSettings(connection)}`,
    state: () => breaker.getSnapshot().value,
    admit: () => acquirePermit(breaker, time.now()).allowed,
    report: (failure) => {
      const at = time.now();
      breaker.send(failure === null ? { type: 'CALL.SUCCEEDED', at } : { type: 'CALL.FAILED', at, failure });
    },
    stop: () => breaker.stop(),
  };
}
