import axios from 'axios';
import { seededRandom } from '../../machines/random.js';
import { EnhancedApiClient } from '../../src/clients/EnhancedApiClient.js';
import type { ConnectionOptions } from '../../src/config/types.js';
import { isBrokenCircuitError } from '../../src/errors/BrokenCircuitError.js';
import { EventClock } from './eventClock.js';
import { herdRates } from './rates.js';
import type { HerdRates } from './rates.js';
import { SimulatedServer } from './simulatedServer.js';

/**
 * The compared retry settings. `RetryBudgetMaxTokens: 1000` (the largest allowed) stands for "no budget": a
 * client would need 500 failed attempts before it stopped retrying. `defaults` is the library as shipped
 * (decorrelated jitter, budget of 10 tokens). The `noBreaker*` rows turn the breaker off to show what the
 * retries alone would do.
 */
export const herdVariants = {
  noJitter: { enableJitter: false, retryBudgetMaxTokens: 1000 },
  full: { jitterMode: 'full', retryBudgetMaxTokens: 1000 },
  equal: { jitterMode: 'equal', retryBudgetMaxTokens: 1000 },
  decorrelated: { jitterMode: 'decorrelated', retryBudgetMaxTokens: 1000 },
  defaults: {},
  noBreakerNoJitter: { enableCircuitBreaker: false, enableJitter: false, retryBudgetMaxTokens: 1000 },
  noBreakerDefaults: { enableCircuitBreaker: false },
} as const satisfies Record<string, Partial<ConnectionOptions>>;
export type HerdVariantName = keyof typeof herdVariants;

/** The scenario: clients, their call period, and the simulated timeline in seconds. */
export interface HerdScenario {
  readonly clients: number;
  /** Each client starts one `getTasks` every period, whether or not its last call has finished (open loop). */
  readonly periodMs: number;
  readonly steadySec: number;
  readonly outageSec: number;
  readonly afterSec: number;
  readonly seed: number;
}

/** One variant's run. */
export interface HerdRunResult extends HerdRates {
  readonly variant: HerdVariantName;
  /** Requests that reached the server, from the start to the end of the run. */
  readonly totalRequests: number;
  /** Requests sent while the server was down (all refused). */
  readonly requestsDuringOutage: number;
  /** Requests in the seconds after recovery. */
  readonly requestsAfterRecovery: number;
  /** Calls the clients started, and how they ended. */
  readonly calls: { readonly started: number; readonly ok: number; readonly refusedByBreaker: number; readonly failed: number };
  /** Requests per simulated second, from second 0. */
  readonly perSecond: readonly number[];
  /** Real time the simulation took, ms. */
  readonly wallMs: number;
}

/**
 * Runs `clients` real EnhancedApiClients (their own breaker actor, retry machine actors, retry budget and
 * attempt pipeline) on one simulated clock against a simulated server that is down for `outageSec`, and counts
 * the requests it receives per simulated second. Only the socket is simulated: axios's default adapter is
 * replaced by the simulated server for the clients created here, so call this in a process of its own.
 */
export async function runHerd(variant: HerdVariantName, scenario: HerdScenario): Promise<HerdRunResult> {
  const wallStart = performance.now();
  const clock = new EventClock();
  const outageFromMs = scenario.steadySec * 1000;
  const outageToMs = (scenario.steadySec + scenario.outageSec) * 1000;
  const endMs = outageToMs + scenario.afterSec * 1000;
  const server = new SimulatedServer(clock, { fromMs: outageFromMs, toMs: outageToMs });
  const previousAdapter = axios.defaults.adapter;
  // axios.create copies the defaults: every client created below talks to the simulated server.
  axios.defaults.adapter = server.adapter;
  const phases = seededRandom(scenario.seed);
  const calls = { started: 0, ok: 0, refusedByBreaker: 0, failed: 0 };
  let counting = true;
  const clients: EnhancedApiClient[] = [];
  try {
    for (let i = 0; i < scenario.clients; i += 1) {
      const client = new EnhancedApiClient('http://127.0.0.1:9', {
        connection: herdVariants[variant],
        now: () => clock.now(),
        clock,
        random: seededRandom(scenario.seed * 7919 + i),
      });
      clients.push(client);
      const tick = () => {
        if (clock.now() >= endMs) return;
        calls.started += 1;
        client.getTasks().then(
          () => {
            if (counting) calls.ok += 1;
          },
          (error: unknown) => {
            if (!counting) return;
            if (isBrokenCircuitError(error)) calls.refusedByBreaker += 1;
            else calls.failed += 1;
          },
        );
        clock.setTimeout(tick, scenario.periodMs);
      };
      clock.setTimeout(tick, Math.floor(phases() * scenario.periodMs));
    }
    await clock.runUntil(endMs);
    counting = false;
  } finally {
    axios.defaults.adapter = previousAdapter;
    await Promise.all(clients.map((client) => client.dispose()));
  }
  const bins = server.received.bins.slice(0, endMs / 1000);
  // The first second is skipped: the clients' phases are still spreading over it.
  const rates = herdRates(bins, 1, scenario.steadySec, scenario.steadySec + scenario.outageSec, endMs / 1000);
  return {
    variant,
    ...rates,
    totalRequests: server.received.total(0, endMs / 1000),
    requestsDuringOutage: server.received.total(scenario.steadySec, scenario.steadySec + scenario.outageSec),
    requestsAfterRecovery: server.received.total(scenario.steadySec + scenario.outageSec, endMs / 1000),
    calls,
    perSecond: bins,
    wallMs: Math.round(performance.now() - wallStart),
  };
}
