/**
 * Thrown when a machine's settings or input are out of range. machines/ cannot import src/errors, so this class
 * lives here; src/errors re-exports it. Code: `ERR_INVALID_MACHINE_SETTINGS`.
 */
export class InvalidMachineSettingsError extends RangeError {
  /** Stable code, the same across package copies. */
  readonly code = 'ERR_INVALID_MACHINE_SETTINGS';

  /**
   * @param key the camelCase option key (e.g. `circuitBreakerFailureThreshold`) or input field at fault.
   * @param value the value given.
   * @param expected the allowed range, in words.
   */
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`Invalid ${key}: ${JSON.stringify(value) ?? String(value)} (expected ${expected})`);
    this.name = 'InvalidMachineSettingsError';
  }
}

/** True when `value` is an {@link InvalidMachineSettingsError} (checks the code, so it works across copies). */
export function isInvalidMachineSettingsError(value: unknown): value is InvalidMachineSettingsError {
  return value instanceof Error && (value as { code?: unknown }).code === 'ERR_INVALID_MACHINE_SETTINGS';
}

/**
 * Returns `value` when it is a finite number at least `min` (and an integer when asked).
 * @throws {@link InvalidMachineSettingsError} naming `key` otherwise.
 */
export function requireNumber(key: string, value: unknown, min: number, integer = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && (!integer || Number.isInteger(value));
  if (!ok) throw new InvalidMachineSettingsError(key, value, `${integer ? 'an integer' : 'a finite number'} >= ${min}`);
  return value;
}

/**
 * Returns `value` when it is a boolean.
 * @throws {@link InvalidMachineSettingsError} naming `key` otherwise.
 */
export function requireBoolean(key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidMachineSettingsError(key, value, 'true or false');
  return value;
}
