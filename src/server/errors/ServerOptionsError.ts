import { VcconnError } from '../../errors/VcconnError.js';

/** An option given to `startServer` is out of range or of the wrong type. */
export class ServerOptionsError extends VcconnError {
  readonly code = 'ERR_SERVER_OPTIONS';

  constructor(
    /** The option's name, e.g. `port`. */
    readonly option: string,
    /** The value that was given. */
    readonly value: unknown,
    /** What the option accepts, e.g. `an integer from 0 to 65535`. */
    readonly expected: string,
  ) {
    super(`Server option ${option} must be ${expected}; got ${formatValue(value)}`);
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Object.prototype.toString.call(value);
}

/** True when `value` is a {@link ServerOptionsError}. */
export function isServerOptionsError(value: unknown): value is ServerOptionsError {
  return value instanceof ServerOptionsError;
}
