import type { HostRef } from '../../../machines/types.js';
import type { ClientType } from '../../../machines/types.js';
import type { ConnectionEvent } from '../../../machines/connection/types.js';
import type { HealthProbeDeps } from './healthProbe.js';
import type { CandidateDeps } from './prepareClient.js';

/** Everything the connection machine's actors and actions need from one connection. */
export interface ConnectionServiceParts extends CandidateDeps, HealthProbeDeps {
  /** `commitClient`: the prepared candidate of `client` takes over; `self` is the running connection actor. */
  commit(client: ClientType, self: { send(event: ConnectionEvent): void }): void;
  /** `discardCandidate`: the candidate that failed (or was never committed) is disposed. */
  discard(): void;
}

/**
 * One connection's services, passed through the connection machine's input (`host`) to the actors and actions
 * that src/ provides once per process. The parts are kept in a private field: a snapshot serialised for the
 * visualizer or a log shows the tag, never the clients and their headers behind it.
 */
export class ConnectionServices {
  readonly #parts: ConnectionServiceParts;

  constructor(parts: ConnectionServiceParts) {
    this.#parts = parts;
  }

  get parts(): ConnectionServiceParts {
    return this.#parts;
  }

  toJSON(): string {
    return '[ConnectionServices]';
  }
}

/**
 * The services a machine's `host` carries.
 * @throws TypeError when it carries none: the machine was started without `ConnectionRuntime.input()`.
 */
export function servicesOf(host: HostRef | undefined, user: string): ConnectionServiceParts {
  if (!(host instanceof ConnectionServices)) {
    throw new TypeError(`${user}: the connection machine's input carries no ConnectionServices; start it with ConnectionRuntime.input()`);
  }
  return host.parts;
}
