import { createActor } from 'xstate';
import type { retryMachine } from '../../machines/retry.machine.js';
import type { RetryInput, RetryOutput } from '../../machines/retry/types.js';
import type { ActorClock, ActorInspector } from './options.js';

/** The retry machine with the client's `attempt` actor provided (built once per client). */
export type RetryLogic = ReturnType<typeof retryMachine.provide>;

/** How a retry actor is created. */
export interface RetryActorOptions {
  readonly clock: ActorClock | undefined;
  readonly inspect: ActorInspector | undefined;
}

/**
 * Runs one call's retry loop as a root actor until it is done. Resolves with the machine's output, or with
 * `null` when `signal` aborted (dispose): the actor is then stopped, which cancels its timers and aborts the
 * attempt it is running. Rejects only if the machine itself fails (a bug).
 */
export function runRetryActor(
  logic: RetryLogic, input: RetryInput, signal: AbortSignal, options: RetryActorOptions,
): Promise<RetryOutput | null> {
  if (signal.aborted) return Promise.resolve(null);
  const actor = createActor(logic, {
    input,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.inspect === undefined ? {} : { inspect: options.inspect }),
  });
  return new Promise<RetryOutput | null>((resolve, reject) => {
    const stop = () => actor.stop();
    const settle = () => signal.removeEventListener('abort', stop);
    actor.subscribe({
      complete: () => {
        settle();
        const snapshot = actor.getSnapshot();
        resolve(snapshot.status === 'done' ? snapshot.output : null);
      },
      error: (error: unknown) => {
        settle();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    });
    signal.addEventListener('abort', stop, { once: true });
    actor.start();
  });
}
