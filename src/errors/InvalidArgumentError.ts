import { redactKnownSecrets } from '../util/redact/secretValues.js';
import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** A call's argument is not acceptable (e.g. a task id that is not an integer). Nothing was sent. */
export class InvalidArgumentError extends VcconnError {
  readonly code = 'ERR_INVALID_ARGUMENT';
  /** The operation called, e.g. `getTaskById`. */
  readonly operation: string;
  /** The argument at fault, e.g. `taskId` or `task.name`. */
  readonly argument: string;

  /** @param problem what is wrong; it may quote the value (a URL, a name), so secrets in it are redacted. */
  constructor(operation: string, argument: string, problem: string) {
    super(`${operation}: invalid argument ${argument}: ${redactKnownSecrets(problem)}`);
    this.operation = operation;
    this.argument = argument;
  }
}

/** True when `value` is an {@link InvalidArgumentError}. */
export function isInvalidArgumentError(value: unknown): value is InvalidArgumentError {
  return value instanceof InvalidArgumentError || hasCode(value, 'ERR_INVALID_ARGUMENT');
}
