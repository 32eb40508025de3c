import type { ClientType } from '../../machines/types.js';
import { hasCode } from '../errors/hasCode.js';
import { VcconnError } from '../errors/VcconnError.js';

/**
 * A freshly created client failed its test (`GET api/health` did not answer 2xx), so it did not take over:
 * the switch, recreation or recovery that created it kept (or fell back from) the current client.
 */
export class ClientTestFailedError extends VcconnError {
  readonly code = 'ERR_CLIENT_TEST_FAILED';
  /** The kind of client that failed. */
  readonly client: ClientType;
  /** What the health probe reported, e.g. `connect ECONNREFUSED 127.0.0.1:5289`. */
  readonly reason: string;

  constructor(client: ClientType, reason: string, options?: { cause?: unknown }) {
    super(`The new ${client} client failed its connection test: ${reason}`, options);
    this.client = client;
    this.reason = reason;
  }
}

/** True when `value` is a {@link ClientTestFailedError}. */
export function isClientTestFailedError(value: unknown): value is ClientTestFailedError {
  return value instanceof ClientTestFailedError || hasCode(value, 'ERR_CLIENT_TEST_FAILED');
}
