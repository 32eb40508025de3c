import type { Presenter } from '../domain/present.js';
import type { HandlerContext } from '../http/handlers.js';
import type { ServerLogger } from '../logger.js';
import type { Clock } from '../repositories/records.js';

/** What every route module receives. */
export interface RouteContext extends HandlerContext {
  readonly present: Presenter;
  readonly clock: Clock;
  readonly logger: ServerLogger;
  /** The version `GET api/health` reports. */
  readonly version: string;
  /** How recent a heartbeat must be for `GET api/nodes` to list the node. */
  readonly heartbeatTimeoutMs: number;
}
