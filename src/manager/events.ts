import type { ConnectionStatus } from '../../machines/connection/types.js';
import type { EndpointSwitchedEvent } from './watchEndpointSwitches.js';

/** `statusChanged`: the seed's ConnectionStatusChanged (client type, link state, breaker, last error). */
export interface ConnectionStatusChangedEvent {
  readonly previous: ConnectionStatus;
  readonly current: ConnectionStatus;
  /** Epoch ms of the change, on the connection's clock. */
  readonly timestamp: number;
}

/** `message`: the seed's ConnectionMessage, a sentence for a person (e.g. `Switching to standard client`). */
export interface ConnectionMessageEvent {
  readonly text: string;
  /** Epoch ms, on the connection's clock. */
  readonly at: number;
}

/** The events of a {@link ConnectionManager}, by name. */
export interface ConnectionManagerEvents {
  statusChanged: ConnectionStatusChangedEvent;
  message: ConnectionMessageEvent;
  /** Over several servers (ordered mode): calls moved to another endpoint, or to none. Also told as a `message`. */
  endpointSwitched: EndpointSwitchedEvent;
}
