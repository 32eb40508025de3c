/**
 * JSON as .NET's configuration reader accepts it: `//` and `/* *\/` comments, trailing commas, a leading BOM.
 * Written by hand because JSON.parse on Node 20 does not say where most syntax errors are, and a ConfigError
 * must give the line and column. Exact duplicate keys are an error here, as in .NET (JSON.parse keeps the last).
 */

/** A parsed JSON value. Objects have no prototype, so a key like `__proto__` is plain data. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A parsed JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Where and why the text is not JSON. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * Deepest nesting accepted: .NET's JSON reader stops at 64 (JsonReaderOptions.MaxDepth); deeper text would
 * otherwise overflow this recursive parser's stack instead of giving a line and column.
 */
const MAX_DEPTH = 64;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: ReadonlyArray<readonly [string, JsonValue]> = [['true', true], ['false', false], ['null', null]];

/**
 * Parses JSON with comments and trailing commas. A text of only whitespace and comments is an empty object.
 * @throws {@link JsonSyntaxError} with the 1-based line and column of the first error.
 */
export function parseJsonc(text: string): JsonValue {
  const parser = new Parser(text.startsWith('\uFEFF') ? text.slice(1) : text);
  return parser.document();
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  document(): JsonValue {
    this.skipTrivia();
    if (this.pos === this.text.length) return Object.create(null) as JsonObject;
    const value = this.value();
    this.skipTrivia();
    if (this.pos < this.text.length) this.fail('unexpected text after the end of the JSON value');
    return value;
  }

  private value(): JsonValue {
    const ch = this.text[this.pos];
    if (ch === '{' || ch === '[') return this.nested(ch);
    if (ch === '"') return this.string();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail(ch === undefined ? 'unexpected end of input, expected a value' : `unexpected ${describe(ch)}, expected a value`);
  }

  private nested(open: '{' | '['): JsonValue {
    if (this.depth === MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels, the most .NET reads`);
    this.depth++;
    const value = open === '{' ? this.object() : this.array();
    this.depth--;
    return value;
  }

  private object(): JsonObject {
    const result = Object.create(null) as JsonObject;
    this.pos++;
    this.skipTrivia();
    while (this.text[this.pos] !== '}') {
      if (this.text[this.pos] !== '"') this.fail(`${this.found()}, expected a property name in double quotes or '}'`);
      const keyAt = this.pos;
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(result, key)) this.fail(`duplicate key "${key}"`, keyAt);
      this.skipTrivia();
      this.expect(':', `${this.found()}, expected ':' after the property name`);
      this.skipTrivia();
      result[key] = this.value();
      this.skipTrivia();
      if (!this.separator('}')) this.fail(`${this.found()}, expected ',' or '}' after a property value`);
    }
    this.pos++;
    return result;
  }

  private array(): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos++;
    this.skipTrivia();
    while (this.text[this.pos] !== ']') {
      result.push(this.value());
      this.skipTrivia();
      if (!this.separator(']')) this.fail(`${this.found()}, expected ',' or ']' after an array element`);
    }
    this.pos++;
    return result;
  }

  /** Consumes a ',' (and the trivia after it) or stops before `close`; false when neither is next. */
  private separator(close: string): boolean {
    if (this.text[this.pos] === ',') {
      this.pos++;
      this.skipTrivia();
      return true;
    }
    return this.text[this.pos] === close;
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined || ch === '\n') this.fail('unterminated string', start);
      if (ch === '"') break;
      this.pos += ch === '\\' ? 2 : 1;
    }
    this.pos++;
    try {
      // The escapes are JSON's own; let the built-in decoder check them.
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch {
      return this.fail('invalid character or escape in string', start);
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) return this.fail(`${this.found()}, expected a number`);
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private skipTrivia(): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        this.pos++;
      } else if (this.text.startsWith('//', this.pos)) {
        const end = this.text.indexOf('\n', this.pos);
        this.pos = end === -1 ? this.text.length : end;
      } else if (this.text.startsWith('/*', this.pos)) {
        const end = this.text.indexOf('*/', this.pos + 2);
        if (end === -1) this.fail('unterminated comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private expect(ch: string, reason: string): void {
    if (this.text[this.pos] !== ch) this.fail(reason);
    this.pos++;
  }

  private found(): string {
    const ch = this.text[this.pos];
    return ch === undefined ? 'unexpected end of input' : `unexpected ${describe(ch)}`;
  }

  private fail(reason: string, at = this.pos): never {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1) + 1;
    throw new JsonSyntaxError(reason, at, line, column);
  }
}

function describe(ch: string): string {
  return ch === '\n' || ch === '\r' ? 'end of line' : `'${ch}'`;
}
