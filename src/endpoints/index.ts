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
export { isHedgeable } from './ReadHedging.js';
export type { HedgeEvent, HedgeOptions } from './ReadHedging.js';
export type { HedgeOutcome } from './hedge.js';
export { LatencyWindow } from './LatencyWindow.js';
export type { LatencyWindowOptions } from './LatencyWindow.js';
