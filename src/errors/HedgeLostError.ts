import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';
import { redactString } from '../util/redact/redactString.js';

/**
 * The reason the losing request of a hedged read is aborted with: another endpoint answered first, nothing failed.
 * It reaches a caller only as the `cause` of the loser's RequestAbortedError, which the MultiEndpointClient drops.
 */
export class HedgeLostError extends VcconnError {
  readonly code = 'ERR_HEDGE_LOST';
  /** The endpoint whose request lost (a password in it redacted). */
  readonly endpoint: string;

  constructor(url: string) {
    const shown = redactString(url);
    super(`the request to ${shown} lost the hedge: another endpoint answered first`);
    this.endpoint = shown;
  }
}

/** True when `value` is a {@link HedgeLostError}. */
export function isHedgeLostError(value: unknown): value is HedgeLostError {
  return value instanceof HedgeLostError || hasCode(value, 'ERR_HEDGE_LOST');
}
