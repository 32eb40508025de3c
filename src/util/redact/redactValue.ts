import { redactRequestConfig } from './redactRequestConfig.js';
import { REDACTED, redactString } from './redactString.js';
import { isSecretKey } from './secretKeys.js';

/** Deeper than this, objects are summarised: log lines are for people, and this bounds the cost of a line. */
const MAX_DEPTH = 8;

/**
 * A redacted deep copy of `value`, safe to log: values of secret-named keys become `[REDACTED]` at any depth,
 * every string is passed through {@link redactString}, errors become plain objects (name, message, stack, code,
 * and for axios errors the request config with its headers), cycles become `[Circular]`.
 * The caller's objects are never modified.
 */
export function redactValue(value: unknown): unknown {
  return walk(value, 0, new WeakSet());
}

/** Like {@link redactValue}, but redacts the whole value when `key` names a secret. */
export function redactEntry(key: string, value: unknown): unknown {
  return hidesWhole(key, value) ? REDACTED : redactValue(value);
}

/** An empty value under a secret name tells nothing, and showing it helps spot a missing secret. */
function hidesWhole(key: string, value: unknown): boolean {
  return isSecretKey(key) && value !== undefined && value !== null && value !== '';
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof URL) return redactString(value.href);
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
  seen.add(value);
  try {
    return copy(value, depth, seen);
  } finally {
    // Only ancestors count as cycles; the same object twice side by side is printed twice.
    seen.delete(value);
  }
}

function copy(value: object, depth: number, seen: WeakSet<object>): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
  if (value instanceof Map) return copyEntries([...value].map(([k, v]) => [String(k), v]), depth, seen);
  if (value instanceof Set) return [...value].map((item) => walk(item, depth + 1, seen));
  if (value instanceof Error) return copyError(value, depth, seen);
  const toJSON = readProperty(value, 'toJSON');
  if (typeof toJSON === 'function') {
    // axios' AxiosHeaders and similar classes know their own plain form.
    return walk(toJSON.call(value) as unknown, depth + 1, seen);
  }
  return copyEntries(Object.keys(value).map((key) => [key, readProperty(value, key)]), depth, seen);
}

function copyEntries(entries: ReadonlyArray<readonly [string, unknown]>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const redacted = hidesWhole(key, item) ? REDACTED : walk(item, depth + 1, seen);
    Object.defineProperty(result, key, { value: redacted, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/**
 * An error's message and stack are not enumerable, so they are copied by hand. axios errors have a `toJSON`
 * that keeps the request config (method, url, headers) and drops the socket objects; it is used when present.
 */
function copyError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const toJSON = readProperty(error, 'toJSON');
  const plain = typeof toJSON === 'function' ? (toJSON.call(error) as unknown) : undefined;
  const fields: Array<readonly [string, unknown]> = [
    ['name', error.name],
    ['message', error.message],
    ['stack', error.stack],
  ];
  const source = typeof plain === 'object' && plain !== null ? plain : error;
  for (const key of Object.keys(source)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    const value = readProperty(source, key);
    // The request an HTTP error carries: its headers are the host's credentials, whatever their names, and its
    // agent's sockets hold the raw request text.
    fields.push([key, key === 'config' ? redactRequestConfig(value) : value]);
  }
  if (error.cause !== undefined && !Object.keys(source).includes('cause')) fields.push(['cause', error.cause]);
  return copyEntries(fields, depth, seen);
}

/** Reads a property without letting a throwing getter break the log line. */
function readProperty(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (error) {
    return `[unreadable: ${error instanceof Error ? error.message : String(error)}]`;
  }
}
