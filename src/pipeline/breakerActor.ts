import { createActor } from 'xstate';
import type { ActorOptions, ActorRefFrom, Snapshot } from 'xstate';
import { circuitBreakerMachine } from '../../machines/circuitBreaker.machine.js';
import type { BreakerSettings } from '../../machines/breaker/types.js';

/** The running circuit breaker of one client. */
export type BreakerActor = ActorRefFrom<typeof circuitBreakerMachine>;

/** How {@link startBreakerActor} builds the actor. */
export interface BreakerActorOptions {
  /** XState clock for the break timer; a `SimulatedClock` in tests. Default: the real one. */
  clock?: ActorOptions<typeof circuitBreakerMachine>['clock'];
  /** Inspection observer, so a visualizer sees the breaker. */
  inspect?: ActorOptions<typeof circuitBreakerMachine>['inspect'];
  /** A snapshot saved with `getPersistedSnapshot()`: the breaker carries on from it (its own settings included). */
  snapshot?: Snapshot<unknown>;
  /** Epoch ms from the client's clock; stamps the `RESTORED` event. */
  now: () => number;
}

/**
 * Creates and starts a client's circuit breaker. From a persisted snapshot it sends `RESTORED` at once: a snapshot
 * keeps no timers, and `RESTORED` re-arms the break from `openedAt` (or goes half-open when the break is over).
 */
export function startBreakerActor(settings: BreakerSettings, options: BreakerActorOptions): BreakerActor {
  const actor = createActor(circuitBreakerMachine, {
    input: settings,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.inspect === undefined ? {} : { inspect: options.inspect }),
    ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot }),
  });
  actor.start();
  if (options.snapshot !== undefined) actor.send({ type: 'RESTORED', at: options.now() });
  return actor;
}
