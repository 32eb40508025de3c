export { ConnectionManager } from './ConnectionManager.js';
export { ConnectionRuntime } from './ConnectionRuntime.js';
export type { ConnectionLogic, ConnectionTarget } from './ConnectionRuntime.js';
export type { ConnectionManagerEvents, ConnectionMessageEvent, ConnectionStatusChangedEvent } from './events.js';
export type { EndpointSwitchedEvent } from './watchEndpointSwitches.js';
export { CONNECTION_LOG_CATEGORY, resolveConnectionManagerOptions } from './options.js';
export type {
  ClientFactory,
  ClientFactoryContext,
  ConnectionClock,
  ConnectionInspector,
  ConnectionLog,
  ConnectionManagerOptions,
  ResolvedConnectionManagerOptions,
} from './options.js';
export { CLIENT_LOG_CATEGORIES, defaultClientFactory } from './defaultClientFactory.js';
export { ClientTestFailedError, isClientTestFailedError } from './ClientTestFailedError.js';
export { combineHealthStatus } from './healthStatus.js';
export type { ConnectionManagerHealthStatus } from './healthStatus.js';
export { endpointSetFactory } from './endpointSetFactory.js';
export { watchBreaker } from './watchBreaker.js';
export type { BreakerChange } from './watchBreaker.js';
export { ManagedClient } from './ManagedClient.js';
export { circuitStateOf } from './circuitStateOf.js';
export { addressFingerprint, DEFAULT_NETWORK_WATCH_INTERVAL_MS, watchNetworkChanges } from './networkWatch.js';
export type { InterfacesReader, NetworkWatchOptions } from './networkWatch.js';
export { ConnectionStateKeeper, connectionSourceOf } from './ConnectionStateKeeper.js';
export type { ConnectionSource, StateKeeperDeps } from './ConnectionStateKeeper.js';
