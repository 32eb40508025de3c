import { createActor } from 'xstate';
import type { ActorOptions, ActorRefFrom, Snapshot } from 'xstate';
import { circuitBreakerMachine } from '../../machines/circuitBreaker.machine.js';
import { breakerStateOf } from '../../machines/breaker/restore.js';
import type { BreakerContext, BreakerSettings, BreakerState, BreakerStateName } from '../../machines/breaker/types.js';

/** The running circuit breaker of one client. */
export type BreakerActor = ActorRefFrom<typeof circuitBreakerMachine>;

/** How {@link startBreakerActor} builds the actor. */
export interface BreakerActorOptions {
  /** XState clock for the break timer; a `SimulatedClock` in tests. Default: the real one. */
  clock?: ActorOptions<typeof circuitBreakerMachine>['clock'];
  /** Inspection observer, so a visualizer sees the breaker. */
  inspect?: ActorOptions<typeof circuitBreakerMachine>['inspect'];
  /** A saved breaker state to resume from, with `settings` (the current ones) applied. */
  restored?: BreakerState;
  /**
   * A snapshot saved with `getPersistedSnapshot()`: only its state is taken (as `restored`), never the settings
   * it was saved with.
   */
  snapshot?: Snapshot<unknown>;
  /** Epoch ms from the client's clock: the moment of the restore, from which the break's remainder is re-armed. */
  now: () => number;
  /** The actor's id (what an inspector names it); default XState's own. */
  id?: string;
}

const STATES = new Set<unknown>(['closed', 'open', 'halfOpen', 'isolated']);

/** The state of a persisted breaker snapshot, or undefined when it is not one. */
function stateOfSnapshot(snapshot: Snapshot<unknown>): BreakerState | undefined {
  const { value, context } = snapshot as { value?: unknown; context?: Partial<BreakerContext> };
  if (!STATES.has(value) || typeof context?.breakMs !== 'number' || context.window === undefined) return undefined;
  return breakerStateOf({ value: value as BreakerStateName, context: context as BreakerContext });
}

/**
 * Creates and starts a client's circuit breaker, fresh or resumed from a saved state (`restored`, or the state
 * of a persisted `snapshot`) with `settings` applied and its break re-armed from the wall-clock `openedAt`.
 */
export function startBreakerActor(settings: BreakerSettings, options: BreakerActorOptions): BreakerActor {
  const restored = options.restored ?? (options.snapshot === undefined ? undefined : stateOfSnapshot(options.snapshot));
  const actor = createActor(circuitBreakerMachine, {
    input: restored === undefined ? settings : { ...settings, restored: { ...restored, at: options.now() } },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.inspect === undefined ? {} : { inspect: options.inspect }),
    ...(options.id === undefined ? {} : { id: options.id }),
  });
  actor.start();
  return actor;
}
