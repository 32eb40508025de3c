/**
 * Base class of every error this library throws. Each subclass has a stable `code`
 * (`ERR_CIRCUIT_OPEN`, `ERR_CONFIG`, ...) so callers can branch without `instanceof`
 * across package copies, and a type guard of its own.
 */
export abstract class VcconnError extends Error {
  /** Stable machine-readable code, e.g. `ERR_CIRCUIT_OPEN`. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True when `value` is any error raised by this library. */
export function isVcconnError(value: unknown): value is VcconnError {
  return value instanceof VcconnError;
}
