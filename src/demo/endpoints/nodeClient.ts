import { defaultApiSettings } from '../../config/defaults.js';
import { endpointSetFrom } from '../../endpoints/EndpointSet.js';
import { MultiEndpointClient } from '../../endpoints/MultiEndpointClient.js';
import type { ActorClock } from '../../pipeline/options.js';
import { DEMO_NODE_SETTINGS } from '../nodeSettings.js';
import type { EndpointCallTally } from './callTally.js';
import { CountingEnhancedApiClient } from './countingClient.js';

/**
 * How long a server that came back must stay reachable before the nodes' calls return to it, s. Short, so the
 * failback shows within the story; long enough that a server which is still down (its breaker half-open, no
 * probe yet) is not chosen again at once.
 */
export const DEMO_FAILBACK_HOLD_DOWN_SECONDS = 2;

/**
 * XState's own clock, given explicitly: MultiEndpointClient hands `options.clock` to `createActor` even when it is
 * undefined, which replaces XState's default clock, and the selection's first hold-down timer then throws.
 */
const REAL_CLOCK: ActorClock = {
  setTimeout: (callback: (...args: unknown[]) => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (id: unknown) => clearTimeout(id as NodeJS.Timeout),
};

/**
 * The client of one worker node over the servers at `urls` (in order of preference: ordered failover, the first
 * is the primary), with the demo nodes' connection settings and one counting EnhancedApiClient per server.
 * Built here alone, so that the node can later take a ConnectionManager over the same `BaseUrls` instead.
 * @throws {@link ConfigError} for an empty list, a URL listed twice or a bad URL.
 */
export function endpointNodeClient(urls: readonly string[], tally: EndpointCallTally): MultiEndpointClient {
  const set = endpointSetFrom({
    ...defaultApiSettings,
    baseUrl: urls[0] ?? defaultApiSettings.baseUrl,
    baseUrls: [...urls],
    endpointSelection: 'ordered',
    failbackHoldDownSeconds: DEMO_FAILBACK_HOLD_DOWN_SECONDS,
  });
  const connection = DEMO_NODE_SETTINGS.connection;
  return new MultiEndpointClient(set, { connection, clock: REAL_CLOCK, clientFactory: (url) => new CountingEnhancedApiClient(url, { connection }, tally) });
}
