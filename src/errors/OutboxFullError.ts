import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** Which `Outbox` limit an enqueue would pass. */
export type OutboxLimit = 'maxEntries' | 'maxBytes';

/**
 * An offline outbox refused an entry because it would pass a limit (`Outbox:MaxEntries` or `Outbox:MaxBytes`).
 * Nothing was queued; what was queued before stays. Deliver (or drop) entries, or raise the limit.
 */
export class OutboxFullError extends VcconnError {
  readonly code = 'ERR_OUTBOX_FULL';
  /** The outbox file. */
  readonly file: string;
  readonly limit: OutboxLimit;
  /** The limit's value (entries or bytes). */
  readonly maximum: number;
  /** Entries pending now. */
  readonly entries: number;
  /** Bytes pending now. */
  readonly bytes: number;
  /** Bytes of the refused entry. */
  readonly entryBytes: number;

  constructor(file: string, limit: OutboxLimit, figures: { maximum: number; entries: number; bytes: number; entryBytes: number }) {
    const key = limit === 'maxEntries' ? 'Outbox:MaxEntries' : 'Outbox:MaxBytes';
    const now = limit === 'maxEntries'
      ? `${figures.entries} entries pending`
      : `${figures.bytes} bytes pending and the entry has ${figures.entryBytes}`;
    super(`outbox ${file} is full: ${now}, ${key} is ${figures.maximum}; nothing was queued`);
    this.file = file;
    this.limit = limit;
    this.maximum = figures.maximum;
    this.entries = figures.entries;
    this.bytes = figures.bytes;
    this.entryBytes = figures.entryBytes;
  }
}

/** True when `value` is an {@link OutboxFullError}. */
export function isOutboxFullError(value: unknown): value is OutboxFullError {
  return value instanceof OutboxFullError || hasCode(value, 'ERR_OUTBOX_FULL');
}
