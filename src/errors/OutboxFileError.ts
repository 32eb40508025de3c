import { redactKnownSecrets } from '../util/redact/secretValues.js';
import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** Why a file cannot be used as an outbox. */
export type OutboxFileProblem =
  /** Not an SQLite database (corrupt, truncated, or another kind of file). */
  | 'corrupt'
  /** An SQLite database, but not an outbox (no format marker, other tables). */
  | 'foreign'
  /** An outbox of a format version this library does not read (written by a newer one). */
  | 'version'
  /** The file cannot be opened (permissions, a directory, a missing folder). */
  | 'unreadable';

/** A file named as an outbox cannot be used as one. Names the file and the problem; nothing in it was changed. */
export class OutboxFileError extends VcconnError {
  readonly code = 'ERR_OUTBOX_FILE';
  /** The file's path. */
  readonly file: string;
  readonly problem: OutboxFileProblem;

  constructor(file: string, problem: OutboxFileProblem, detail: string, options?: { cause?: unknown }) {
    super(`outbox file ${file}: ${redactKnownSecrets(detail)}`, options);
    this.file = file;
    this.problem = problem;
  }
}

/** True when `value` is an {@link OutboxFileError}. */
export function isOutboxFileError(value: unknown): value is OutboxFileError {
  return value instanceof OutboxFileError || hasCode(value, 'ERR_OUTBOX_FILE');
}
