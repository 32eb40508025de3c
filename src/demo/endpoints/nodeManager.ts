import type { Registry } from 'prom-client';
import { ConnectionManager } from '../../manager/ConnectionManager.js';
import type { InspectObserver } from '../inspectHook.js';
import { DEMO_NODE_SETTINGS } from '../nodeSettings.js';

/**
 * How long a server that came back must stay reachable before the nodes' calls return to it, s. Short, so the
 * failback shows within the story; long enough that a server which is still down (its breaker half-open, no
 * probe yet) is not chosen again at once.
 */
export const DEMO_FAILBACK_HOLD_DOWN_SECONDS = 2;

/** What one node's connection is given. */
export interface EndpointNodeManagerOptions {
  /** The node's id: the `node` label of its metrics. */
  readonly id: string;
  /** The servers, in order of preference: ordered failover, the first is the primary. */
  readonly urls: readonly string[];
  /** Where its `vcconn_*` series go (one registry per run, shared by the nodes). */
  readonly registry: Registry;
  /** Receives the inspection events of its actors: the connection, the selection, each endpoint's breaker. */
  readonly inspect: InspectObserver;
}

/**
 * The connection of one worker node, as a real worker configures it: a ConnectionManager over the servers'
 * `BaseUrls` (each of its clients a MultiEndpointClient with one Enhanced client, breaker and pool per server, made
 * by the manager's default factory), the demo nodes' `Connection` and health settings, metrics labelled with the
 * node's id.
 * @throws {@link InvalidArgumentError} for an empty list (no first URL); {@link ConfigError} for a URL listed twice
 * or a bad URL.
 */
export function endpointNodeManager(options: EndpointNodeManagerOptions): ConnectionManager {
  const { id, urls, registry, inspect } = options;
  return new ConnectionManager({
    baseUrl: urls[0] ?? '',
    connection: DEMO_NODE_SETTINGS.connection,
    apiSettings: {
      ...DEMO_NODE_SETTINGS.apiSettings,
      baseUrls: [...urls],
      endpointSelection: 'ordered',
      failbackHoldDownSeconds: DEMO_FAILBACK_HOLD_DOWN_SECONDS,
    },
    metrics: { registry },
    nodeId: id,
    inspect,
  });
}
