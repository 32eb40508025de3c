import type { EndpointDiscovery } from '../endpoints/EndpointDiscovery.js';
import type { EndpointSet } from '../endpoints/EndpointSet.js';
import { MultiEndpointClient } from '../endpoints/MultiEndpointClient.js';
import type { ClientFactory, ResolvedConnectionManagerOptions } from './options.js';

/**
 * The factory of a connection over several servers: each client it makes, Enhanced or Standard, is a
 * {@link MultiEndpointClient} over the set whose endpoints' clients `single` makes (the connection's own factory,
 * so each endpoint's client gets the connection's options, clock, inspector, logger, headers, tls and
 * instrumentation). The selection actor runs on the connection's clock and shows in its inspector.
 *
 * - Enhanced over a set: one EnhancedApiClient per endpoint, each with its own breaker, pool and retries.
 * - Standard over a set: one StandardApiClient per endpoint (the original's fixed retries, no breaker); the set
 *   still fails over when that is safe and avoids an endpoint whose health probe failed, but never opens a circuit.
 * - A client made while discovery runs starts from discovery's latest list, then follows it.
 * - Hedged reads follow `ApiSettings.HedgeReads` / `HedgeDelayMs`; with metrics they are counted in
 *   `vcconn_hedged_requests_total` under the connection's node.
 * - A restored breaker (`stateFile`) is not handed to the endpoints: a set's breakers start closed (the file keeps
 *   the link and the client type).
 */
export function endpointSetFactory(
  single: ClientFactory,
  set: EndpointSet,
  options: Pick<ResolvedConnectionManagerOptions, 'clock' | 'inspect' | 'now'>,
  discovery: EndpointDiscovery | undefined,
): ClientFactory {
  const { clock, inspect, now } = options;
  return (type, _baseUrl, context) => {
    const instrumentation = context?.instrumentation;
    const endpoints = discovery !== undefined && discovery.endpoints.length > 0 ? discovery.endpoints : set.endpoints;
    // Whether to hedge is the set's (HedgeReads); with metrics, the hedged reads are counted under the node.
    const onHedge = set.hedge?.enabled === true ? instrumentation?.hedgeObserver?.() : undefined;
    return new MultiEndpointClient({ ...set, endpoints }, {
      clientFactory: (url) => single(type, url, { instrumentation, endpoint: url }),
      ...(onHedge === undefined ? {} : { hedge: { onHedge } }),
      now,
      ...(clock === undefined ? {} : { clock }),
      ...(inspect === undefined ? {} : { inspect }),
      ...(discovery === undefined ? {} : { discovery }),
    });
  };
}
