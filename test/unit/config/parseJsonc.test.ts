import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonc } from '../../../src/config/parseJsonc.js';

function syntaxErrorOf(text: string): JsonSyntaxError {
  try {
    parseJsonc(text);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonSyntaxError);
    return error as JsonSyntaxError;
  }
  throw new Error('expected a syntax error');
}

describe('parseJsonc', () => {
  it('parses plain JSON to the same value JSON.parse gives', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {"c": {}}}';
    expect(parseJsonc(text)).toEqual(JSON.parse(text));
  });

  it('accepts line and block comments and trailing commas, as .NET configuration does', () => {
    const text = '// header\n{\n  "a": 1, /* inline */\n  "b": [1, 2,],\n}\n// footer';
    expect(parseJsonc(text)).toEqual({ a: 1, b: [1, 2] });
  });

  it('skips a leading byte-order mark', () => {
    expect(parseJsonc('\uFEFF{"a": 1}')).toEqual({ a: 1 });
  });

  it('reads an empty or comment-only file as an empty object', () => {
    expect(parseJsonc('')).toEqual({});
    expect(parseJsonc('  // nothing here\n')).toEqual({});
  });

  it('keeps a __proto__ key as plain data without touching prototypes', () => {
    const value = parseJsonc('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['a missing comma between properties', '{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ',' or '}' after a property value"],
    ['a missing colon', '{"a" 1}', 1, 6, "expected ':' after the property name"],
    ['an unquoted key', '{\n  a: 1}', 2, 3, 'expected a property name in double quotes'],
    ['a misspelt literal', '{"a": tru}', 1, 7, 'expected a value'],
    ['an unterminated string', '{"a": "abc\n}', 1, 7, 'unterminated string'],
    ['an unterminated comment', '{"a": 1 /* open', 1, 9, 'unterminated comment'],
    ['the end of input inside an object', '{"a": 1,', 1, 9, 'unexpected end of input'],
    ['text after the value', '{"a": 1} x', 1, 10, 'unexpected text after the end'],
    ['an exact duplicate key', '{"a": 1,\n "a": 2}', 2, 2, 'duplicate key "a"'],
    ['a bad escape', '{"a": "\\q"}', 1, 7, 'invalid character or escape'],
  ])('reports %s with its 1-based line and column', (_name, text, line, column, reason) => {
    const error = syntaxErrorOf(text);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.reason).toContain(reason);
  });

  it('counts columns from the last line break, including after CRLF line ends', () => {
    const error = syntaxErrorOf('{\r\n  "a": 1\r\n  "b": 2\r\n}');
    expect({ line: error.line, column: error.column }).toEqual({ line: 3, column: 3 });
  });
});
