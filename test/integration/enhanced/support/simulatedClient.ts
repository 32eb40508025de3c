import { SimulatedClock } from 'xstate';
import { vi } from 'vitest';
import { EnhancedApiClient } from '../../../../src/clients/EnhancedApiClient.js';
import type { EnhancedApiClientOptions } from '../../../../src/pipeline/options.js';
import type { ConnectionOptions } from '../../../../src/config/types.js';
import { ActorWatch } from './actorWatch.js';

/** An Enhanced client whose breaker and retry timers run on a SimulatedClock, with its actors watched. */
export interface SimulatedClient {
  readonly client: EnhancedApiClient;
  readonly clock: SimulatedClock;
  readonly watch: ActorWatch;
  /**
   * Waits until a retry actor has entered its `count`-th backoff (1-based), then moves the clock past that delay.
   * @returns the delay.
   */
  readonly passBackoff: (count: number) => Promise<number>;
}

/** Settings that keep tests short: no jitter, 100 ms base delay, seed defaults otherwise. */
export const quickRetries: Partial<ConnectionOptions> = { enableJitter: false, baseRetryDelayMs: 100, maxRetryDelayMs: 1000 };

/** Starts the clock well past 0 so Retry-After dates and window buckets behave as with a real clock. */
const START = 1_700_000_000_000;

export function simulatedClient(
  baseUrl: string, connection: Partial<ConnectionOptions> = {}, options: EnhancedApiClientOptions = {},
): SimulatedClient {
  const clock = new SimulatedClock();
  clock.set(START);
  const watch = new ActorWatch();
  const client = new EnhancedApiClient(baseUrl, {
    clock, now: () => clock.now(), inspect: watch.inspect, random: () => 0.5, ...options,
    connection: { ...quickRetries, ...connection },
  });
  return {
    client, clock, watch,
    passBackoff: async (count) => {
      await vi.waitFor(() => {
        if (watch.backoffs.length < count) throw new Error(`waiting for backoff ${count}; seen ${watch.backoffs.length}`);
      });
      const delay = watch.backoffs[count - 1] ?? 0;
      clock.increment(delay);
      return delay;
    },
  };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject');
}
