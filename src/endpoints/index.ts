export { endpointSetFrom, SRV_SERVICE } from './EndpointSet.js';
export type { EndpointSet, DiscoverySettings } from './EndpointSet.js';
export { EndpointDiscovery } from './EndpointDiscovery.js';
export type { EndpointDiscoveryEvents, EndpointDiscoveryOptions, SrvResolver } from './EndpointDiscovery.js';
export { MultiEndpointClient } from './MultiEndpointClient.js';
export type {
  EndpointClient, EndpointHealth, EndpointSelectionActor, MultiEndpointClientOptions, MultiEndpointHealth,
} from './MultiEndpointClient.js';
export { isEndpointFailure, mayTryNextEndpoint, provesNothingSent } from './failoverRule.js';
export type { KeyFacts } from './failoverRule.js';
