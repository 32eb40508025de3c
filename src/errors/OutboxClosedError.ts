import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** An outbox (or the OfflineClient over it) was used after `close()`. */
export class OutboxClosedError extends VcconnError {
  readonly code = 'ERR_OUTBOX_CLOSED';
  /** The outbox file. */
  readonly file: string;
  /** What was called, e.g. `enqueue`. */
  readonly action: string;

  constructor(file: string, action: string) {
    super(`outbox ${file} is closed; ${action} was refused`);
    this.file = file;
    this.action = action;
  }
}

/** True when `value` is an {@link OutboxClosedError}. */
export function isOutboxClosedError(value: unknown): value is OutboxClosedError {
  return value instanceof OutboxClosedError || hasCode(value, 'ERR_OUTBOX_CLOSED');
}
