import { EventEmitter } from 'node:events';
import { ClientRequest, IncomingMessage } from 'node:http';
import { REDACTED } from './redactString.js';
import { isHarmlessRequestHeader, plainHeaders } from './redactRequestConfig.js';
import { isSecretKey } from './secretKeys.js';

/** Replaces the secrets of one text; see `textScrubber`. */
export type TextScrubber = (text: string) => string;

/** Deeper than this, objects are summarised: a copy kept for debugging needs the shape, not every socket field. */
const MAX_DEPTH = 8;
/** Longer texts (a response body) are cut: an error kept in memory or in a log should not hold megabytes. */
const MAX_TEXT = 4096;
/** A text is scrubbed this far past the cut, so a secret straddling it is replaced whole, never left half shown. */
const CUT_MARGIN = 1024;

/** Native error prototypes: their copies keep them, since nothing of theirs lives in an internal slot. */
const NATIVE_ERROR_PROTOTYPES: ReadonlySet<object> = new Set<object>([
  Error.prototype, TypeError.prototype, RangeError.prototype, SyntaxError.prototype, ReferenceError.prototype,
  EvalError.prototype, URIError.prototype, AggregateError.prototype,
]);

/**
 * A copy of `value` that keeps its shape (an error stays an Error, an axios error an AxiosError with its
 * `toJSON`) and none of its secrets, for a caller who needs the underlying failure in detail:
 * - every text goes through `scrub`, and values of secret-named keys (`password`, `token`, ...) become
 *   `[REDACTED]`;
 * - a request config's `headers` keep only harmless values (`Accept`, `User-Agent`, ...), as in log lines;
 * - live objects are summarised: a Node `ClientRequest` as its method, protocol, host and path (never its raw
 *   `_header` text), an `IncomingMessage` as its status and headers, any other emitter or AbortSignal as its class
 *   name; buffers as their size; functions as their name;
 * - texts over 4096 characters are cut, cycles become `[Circular]`, and deeper than 8 levels `[Object]`.
 * The original is never modified.
 */
export function scrubbedCopy(value: unknown, scrub: TextScrubber): unknown {
  return new Copier(scrub).copy(value, 0, new WeakSet());
}

class Copier {
  constructor(private readonly scrub: TextScrubber) {}

  copy(value: unknown, depth: number, ancestors: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.text(value);
    if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
    if (typeof value !== 'object' || value === null) return value;
    if (ancestors.has(value)) return '[Circular]';
    const leaf = this.leaf(value);
    if (leaf !== NOT_A_LEAF) return leaf;
    if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
    ancestors.add(value);
    try {
      return this.branch(value, depth + 1, ancestors);
    } finally {
      // Only ancestors make a cycle: the same object met twice side by side is copied twice.
      ancestors.delete(value);
    }
  }

  /** Objects copied or summarised without looking inside. */
  private leaf(value: object): unknown {
    if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
    if (value instanceof ArrayBuffer) return `[ArrayBuffer ${value.byteLength} bytes]`;
    if (value instanceof Date) return new Date(value.getTime());
    if (value instanceof URL) return this.text(value.href);
    if (value instanceof RegExp) return String(value);
    // follow-redirects (axios with maxRedirects > 0) wraps the ClientRequest of the current hop.
    const request = value instanceof ClientRequest ? value : read(value, '_currentRequest');
    if (request instanceof ClientRequest) {
      return { method: request.method, protocol: request.protocol, host: request.host, path: this.text(request.path) };
    }
    if (value instanceof IncomingMessage) {
      return { statusCode: value.statusCode, statusMessage: value.statusMessage, headers: this.copy(value.headers, MAX_DEPTH - 1, new WeakSet()) };
    }
    if (value instanceof EventEmitter || value instanceof EventTarget) return `[${value.constructor.name}]`;
    return NOT_A_LEAF;
  }

  private branch(value: object, depth: number, ancestors: WeakSet<object>): unknown {
    if (Array.isArray(value)) return value.map((item: unknown) => this.copy(item, depth, ancestors));
    if (value instanceof Map) {
      return new Map([...value].map(([key, item]: [unknown, unknown]) => [this.copy(key, depth, ancestors), this.entry(String(key), item, depth, ancestors)]));
    }
    if (value instanceof Set) return new Set([...value].map((item: unknown) => this.copy(item, depth, ancestors)));
    if (value instanceof Error) return this.error(value, depth, ancestors);
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      // axios' AxiosHeaders and similar classes know their plain form; other instances are copied as plain data.
      const toJSON = read(value, 'toJSON');
      if (typeof toJSON === 'function') return this.copy(toJSON.call(value) as unknown, depth, ancestors);
    }
    return this.object(value, depth, ancestors);
  }

  private object(value: object, depth: number, ancestors: WeakSet<object>): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const isRequestConfig = looksLikeRequestConfig(value);
    for (const key of Object.keys(value)) {
      const item = read(value, key);
      const copied = key === 'headers' && isRequestConfig
        ? this.requestHeaders(item, depth, ancestors)
        : this.entry(key, item, depth, ancestors);
      define(result, key, copied, true);
    }
    return result;
  }

  /**
   * An error as an Error: its own properties (message and stack included, enumerable or not, `cause` too) copied
   * with the same enumerability. An axios error and the native error classes keep their prototype; any other
   * class becomes a plain Error of the same `name`, since its getters may read internal slots a copy has not.
   */
  private error(error: Error, depth: number, ancestors: WeakSet<object>): Error {
    const prototype: unknown = Object.getPrototypeOf(error);
    const keep = typeof prototype === 'object' && prototype !== null
      && (NATIVE_ERROR_PROTOTYPES.has(prototype) || read(error, 'isAxiosError') === true);
    const copy = Object.create(keep ? prototype : Error.prototype) as Error;
    for (const key of Object.getOwnPropertyNames(error)) {
      const descriptor = Object.getOwnPropertyDescriptor(error, key);
      const item = descriptor !== undefined && 'value' in descriptor ? descriptor.value as unknown : read(error, key);
      define(copy, key, this.entry(key, item, depth, ancestors), descriptor?.enumerable ?? false);
    }
    if (!Object.hasOwn(copy, 'name') && copy.name !== error.name) define(copy, 'name', this.text(String(read(error, 'name'))), false);
    if (!Object.hasOwn(copy, 'message')) define(copy, 'message', this.text(String(read(error, 'message'))), false);
    return copy;
  }

  /** One property: whole `[REDACTED]` under a secret name (unless empty, which shows a missing secret), else a copy. */
  private entry(key: string, item: unknown, depth: number, ancestors: WeakSet<object>): unknown {
    if (isSecretKey(key) && item !== undefined && item !== null && item !== '') return REDACTED;
    return this.copy(item, depth, ancestors);
  }

  /** A request's headers are the host's credentials, whatever their names: only harmless ones keep their value. */
  private requestHeaders(headers: unknown, depth: number, ancestors: WeakSet<object>): unknown {
    const plain = plainHeaders(headers);
    if (plain === undefined) return this.copy(headers, depth, ancestors);
    const result: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(plain)) {
      const keep = isHarmlessRequestHeader(name) || value === undefined || value === null || value === false || value === '';
      define(result, name, keep ? this.copy(value, depth, ancestors) : REDACTED, true);
    }
    return result;
  }

  private text(text: string): string {
    if (text.length <= MAX_TEXT) return this.scrub(text);
    const cut = this.scrub(text.slice(0, MAX_TEXT + CUT_MARGIN)).slice(0, MAX_TEXT);
    return `${cut}... (${text.length - MAX_TEXT} more characters)`;
  }
}

const NOT_A_LEAF = Symbol('not a leaf');

/** axios' request config (also `response.config`): what its `headers` are decides how they are copied. */
function looksLikeRequestConfig(value: object): boolean {
  return 'headers' in value && ('method' in value || 'url' in value || 'baseURL' in value);
}

// defineProperty rather than assignment: a key named `__proto__` stays data.
function define(target: object, key: string, value: unknown, enumerable: boolean): void {
  Object.defineProperty(target, key, { value, enumerable, writable: true, configurable: true });
}

/** Reads a property without letting a throwing getter break the copy. */
function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (error) {
    return `[unreadable: ${error instanceof Error ? error.message : String(error)}]`;
  }
}
