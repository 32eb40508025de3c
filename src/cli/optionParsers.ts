import { InvalidArgumentError } from 'commander';

/**
 * A TCP port, 0 to 65535 (0 picks a free one).
 * @throws {@link InvalidArgumentError} naming the allowed range.
 */
export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new InvalidArgumentError('A port is an integer from 0 to 65535 (0 picks a free port).');
  }
  return Number(text);
}

/**
 * A positive number of seconds.
 * @throws {@link InvalidArgumentError} when the text is not a positive number.
 */
export function parsePositiveSeconds(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > 2_147_483) {
    throw new InvalidArgumentError('Expected a positive number of seconds (at most 2147483).');
  }
  return value;
}
