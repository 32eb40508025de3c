import type { KeySpec } from './keySpec.js';

// What .NET's invariant-culture number parsing accepts, minus hex and thousands separators.
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Turns text into the key's type the way .NET's configuration binder does: every configuration value is a
 * string there, so `"5"` binds to an int and `"TRUE"` to a bool. Text that does not convert is returned as it
 * is, and the key's schema then rejects it with the key's allowed range in the message.
 */
export function coerceText(value: unknown, spec: KeySpec): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (spec.nullable && (text === '' || text.toLowerCase() === 'null')) return null;
  switch (spec.text) {
    case 'integer':
    case 'number':
      return NUMBER_TEXT.test(text) ? Number(text) : value;
    case 'boolean':
      if (text.toLowerCase() === 'true') return true;
      if (text.toLowerCase() === 'false') return false;
      return value;
    case 'string':
      return value;
  }
}
