import { REDACTED, redactString } from '../util/redact/redactString.js';
import { isSecretKey } from '../util/redact/secretKeys.js';

const MAX_DEPTH = 3;
const MAX_KEYS = 12;
const MAX_ITEMS = 5;
const MAX_STRING = 80;

function text(value: string): string {
  const redacted = redactString(value);
  return redacted.length > MAX_STRING ? `${redacted.slice(0, MAX_STRING)}…` : redacted;
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return text(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value !== 'object') return undefined;
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Error) return { name: value.name, message: text(value.message) };
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `[${value.length} items]` : '{…}';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((item) => walk(item, depth + 1, seen));
      return value.length > MAX_ITEMS ? [...items, `…${value.length - MAX_ITEMS} more`] : items;
    }
    const result: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (const key of keys.slice(0, MAX_KEYS)) {
      const item = (value as Record<string, unknown>)[key];
      result[key] = isSecretKey(key) && item !== undefined && item !== null && item !== '' ? REDACTED : walk(item, depth + 1, seen);
    }
    if (keys.length > MAX_KEYS) result['…'] = `${keys.length - MAX_KEYS} more keys`;
    return result;
  } finally {
    seen.delete(value);
  }
}

/**
 * A short JSON summary of a value for the page: secrets redacted (secret-named keys, tokens in strings, as the
 * logs do), at most 3 levels, 12 keys, 5 items and 80 characters per string, functions left out, errors as
 * name and message; cut at `maxLength` characters. Never throws.
 */
export function summarize(value: unknown, maxLength = 240): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(walk(value, 0, new WeakSet()));
  } catch {
    json = '"[unreadable]"';
  }
  if (json === undefined) return '';
  return json.length > maxLength ? `${json.slice(0, maxLength - 1)}…` : json;
}

/** The summary of an event's fields besides `type`; '' when it has none. */
export function summarizeEvent(event: object, maxLength = 240): string {
  const rest: Record<string, unknown> = {};
  let any = false;
  for (const [key, item] of Object.entries(event)) {
    if (key === 'type' || item === undefined) continue;
    rest[key] = item;
    any = true;
  }
  return any ? summarize(rest, maxLength) : '';
}
