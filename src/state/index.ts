export { readStateFile, writeStateFile } from './stateFile.js';
export { StateSaver } from './StateSaver.js';
export { STATE_FORMAT, STATE_FORMAT_VERSION } from './types.js';
export type { SavedClientState, SavedConnectionState } from './types.js';
export type { BreakerState } from '../../machines/breaker/types.js';
export type { ConnectionState } from '../../machines/connection/types.js';
