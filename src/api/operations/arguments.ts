import type { z } from 'zod';
import { InvalidArgumentError } from '../../errors/InvalidArgumentError.js';

/**
 * Checks on a call's arguments, run before anything is sent. Each throws {@link InvalidArgumentError} naming
 * the operation and the argument, so a bad id never becomes a wrong URL.
 */

/** A task or folder id: a 32-bit non-negative integer. */
export function idArgument(operation: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2147483647) {
    throw new InvalidArgumentError(operation, name, `expected a non-negative 32-bit integer, got ${describe(value)}`);
  }
  return value;
}

/** A non-empty string (node id, file path, message source). */
export function textArgument(operation: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(operation, name, `expected a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** A string, possibly empty. */
export function stringArgument(operation: string, name: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new InvalidArgumentError(operation, name, `expected a string, got ${describe(value)}`);
  }
  return value;
}

/**
 * The `idempotencyKey` of a create call's options, as the `Idempotency-Key` header allows it: 1 to 255 printable
 * ASCII characters. Returns the wire request's part: empty without a key.
 */
export function idempotencyKeyArgument(operation: string, options: unknown): { idempotencyKey?: string } {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new InvalidArgumentError(operation, 'options', `expected an object, got ${describe(options)}`);
  const key: unknown = (options as { idempotencyKey?: unknown }).idempotencyKey;
  if (key === undefined) return {};
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new InvalidArgumentError(operation, 'options.idempotencyKey', `expected 1 to 255 printable ASCII characters without spaces, got ${describe(key)}`);
  }
  return { idempotencyKey: key };
}

/** An argument read through a zod schema; the first issue names the nested field, e.g. `task.name`. */
export function schemaArgument<T extends z.ZodType>(operation: string, name: string, schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? name : `${name}.${issue.path.map(String).join('.')}`;
  throw new InvalidArgumentError(operation, where, issue?.message ?? 'invalid value');
}

/** One path segment, percent-encoded so an id can never add a segment or a query. */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value;
}
