import { redactKnownSecrets } from '../util/redact/secretValues.js';
import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** Why a connection state file could not be used. */
export type StateFileProblem =
  /** Not JSON (truncated, overwritten with something else). */
  | 'malformed'
  /** JSON, but not a vcdevtool-connection state file, or one with wrong fields. */
  | 'foreign'
  /** A state file of a format version this library does not read (written by a newer one). */
  | 'version'
  /** The file exists but could not be read (permissions, a directory, an I/O error). */
  | 'unreadable'
  /** The file could not be written. */
  | 'unwritable';

/**
 * A connection state file (the ConnectionManager's `stateFile`) could not be read or written. Names the file and
 * what is wrong with it; the cause (a JSON or file system error) is kept as a summary. Delete the file to start
 * afresh: a missing file only means there is nothing to restore.
 */
export class StateFileError extends VcconnError {
  readonly code = 'ERR_STATE_FILE';
  /** The state file's path. */
  readonly file: string;
  readonly problem: StateFileProblem;

  constructor(file: string, problem: StateFileProblem, detail: string, options?: { cause?: unknown }) {
    super(`connection state file ${file}: ${redactKnownSecrets(detail)}`, options);
    this.file = file;
    this.problem = problem;
  }
}

/** True when `value` is a {@link StateFileError}. */
export function isStateFileError(value: unknown): value is StateFileError {
  return value instanceof StateFileError || hasCode(value, 'ERR_STATE_FILE');
}
