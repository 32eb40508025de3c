import { scrubbedCopy } from '../util/redact/scrubbedCopy.js';
import type { TextScrubber } from '../util/redact/scrubbedCopy.js';
import { secretValuesOfRequest, textScrubber } from '../util/redact/secretValues.js';
import { withoutStackTrace } from './withoutStackTrace.js';

/** The method and URL (credentials redacted) of the request an error was about. */
export interface ErrorRequest {
  readonly method: string;
  readonly url: string;
}

/** A foreign cause made safe to keep on a library error; see {@link safeCauseOf}. */
export interface SafeCause {
  /** What the error's standard `cause` holds: the original when it is safe as it is, else a summary of it. */
  readonly cause: unknown;
  /** A scrubbed copy of the original, when {@link SafeCause.cause} is a summary; `undefined` otherwise. */
  readonly raw: unknown;
  /** Scrubs a text of the secrets this cause's requests carried, then as `redactKnownSecrets` does. */
  readonly scrub: TextScrubber;
  /** The request the cause was about, when it says (an axios error's config). */
  readonly request: ErrorRequest | undefined;
}

/** How far down a cause chain is followed: real chains are two or three long; a loop must end somewhere. */
const MAX_CHAIN = 6;
/** Primitive properties a summary keeps: what callers branch on and what says where a connection failed. */
const SUMMARY_FIELDS = ['code', 'errno', 'syscall', 'address', 'port', 'status'] as const;

/**
 * Makes `cause`, an error from outside the library (an axios error, a Node system error, a parser's error), safe
 * to keep as a library error's `cause`:
 * - secrets are learnt from the requests in its chain (every non-harmless header value, auth and proxy passwords,
 *   URL passwords: see `secretValuesOfRequest`), and every text kept is scrubbed of them, of the clients'
 *   remembered header values and of what `redactString` recognises;
 * - an Error that holds nothing but texts and numbers, none of them secret, is kept as it is (identity included);
 * - any other Error (an axios error, with its config, request and response) is replaced by a summary (see
 *   `summaryOf`): a plain Error with its name, scrubbed message, `code` (e.g. `ECONNREFUSED`) and `status`; the
 *   original is kept only as a scrubbed copy ({@link SafeCause.raw});
 * - a text is scrubbed; any other object is replaced by a scrubbed copy.
 *
 * `trusted` tells the library's own errors, which are kept as they are: they are built safe.
 */
export function safeCauseOf(cause: unknown, trusted: (value: unknown) => boolean): SafeCause {
  const scrub = textScrubber(secretsOfChain(cause));
  const summarised = cause instanceof Error && !trusted(cause) && !isPlainAndClean(cause, scrub, trusted, 0);
  return {
    cause: safeValue(cause, scrub, trusted, 0),
    raw: summarised ? scrubbedCopy(cause, scrub) : undefined,
    scrub,
    request: requestOf(cause, scrub),
  };
}

function safeValue(value: unknown, scrub: TextScrubber, trusted: (value: unknown) => boolean, depth: number): unknown {
  if (trusted(value)) return value;
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  if (!(value instanceof Error)) return scrubbedCopy(value, scrub);
  if (isPlainAndClean(value, scrub, trusted, depth)) return value;
  return summaryOf(value, scrub, trusted, depth);
}

/**
 * A plain Error standing for `error`: its name, scrubbed message, `code` and `status` (enumerable, as on the original), `errno`, `syscall`, `address`
 * and `port` (not enumerable: the message says them already). Its stack is its first line only: Node prints an
 * uncaught error's causes with their stacks, and axios' frames say nothing to the caller (`rawCause` has them).
 * Causes repeating the same message (axios wraps the socket's error, which wraps the system's) are folded into
 * one summary, their fields kept; a cause with news of its own stays a cause, summarised the same way.
 */
function summaryOf(error: Error, scrub: TextScrubber, trusted: (value: unknown) => boolean, depth: number): Error {
  const name = textOf(read(error, 'name')) ?? 'Error';
  const message = scrub(textOf(read(error, 'message')) ?? '');
  const summary = withoutStackTrace(() => new Error(message));
  if (name !== 'Error') define(summary, 'name', name, false);
  define(summary, 'stack', `${name}: ${message}`, false);
  let source: unknown = error;
  let inner: unknown;
  for (let fold = depth; ; fold += 1) {
    copyFields(summary, source as object, scrub);
    inner = read(source as object, 'cause');
    const same = inner instanceof Error && !trusted(inner) && fold < MAX_CHAIN
      && scrub(textOf(read(inner, 'message')) ?? '') === message;
    if (!same) break;
    source = inner;
  }
  if (inner !== undefined && depth < MAX_CHAIN) define(summary, 'cause', safeValue(inner, scrub, trusted, depth + 1), false);
  return summary;
}

/** The summary fields `source` has and `summary` has not yet (the outermost error's win). */
function copyFields(summary: Error, source: object, scrub: TextScrubber): void {
  for (const field of SUMMARY_FIELDS) {
    if (Object.hasOwn(summary, field)) continue;
    const value = read(source, field);
    const enumerable = field === 'code' || field === 'status';
    if (typeof value === 'string') define(summary, field, scrub(value), enumerable);
    else if (typeof value === 'number') define(summary, field, value, enumerable);
  }
}

/** True for an Error whose own properties are texts (none changed by `scrub`), numbers and a cause of the same kind. */
function isPlainAndClean(error: Error, scrub: TextScrubber, trusted: (value: unknown) => boolean, depth: number): boolean {
  if (depth > MAX_CHAIN || read(error, 'isAxiosError') === true) return false;
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (descriptor === undefined || !('value' in descriptor)) return false;
    const value: unknown = descriptor.value;
    if (key === 'cause' && value instanceof Error) {
      if (!trusted(value) && !isPlainAndClean(value, scrub, trusted, depth + 1)) return false;
    } else if (typeof value === 'string') {
      if (scrub(value) !== value) return false;
    } else if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      return false;
    }
  }
  return true;
}

/** Every secret value of every request config met along the cause chain (an axios error, or its response). */
function secretsOfChain(cause: unknown): string[] {
  const values = new Set<string>();
  const seen = new WeakSet<object>();
  let current = cause;
  for (let depth = 0; depth <= MAX_CHAIN && typeof current === 'object' && current !== null && !seen.has(current); depth += 1) {
    seen.add(current);
    for (const value of secretValuesOfRequest(read(current, 'config'))) values.add(value);
    const response = read(current, 'response');
    if (typeof response === 'object' && response !== null) {
      for (const value of secretValuesOfRequest(read(response, 'config'))) values.add(value);
    }
    current = read(current, 'cause');
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** The first request config along the chain, as a method and a scrubbed absolute URL. */
function requestOf(cause: unknown, scrub: TextScrubber): ErrorRequest | undefined {
  const seen = new WeakSet<object>();
  let current = cause;
  for (let depth = 0; depth <= MAX_CHAIN && typeof current === 'object' && current !== null && !seen.has(current); depth += 1) {
    seen.add(current);
    const config = read(current, 'config');
    if (typeof config === 'object' && config !== null) {
      const url = fullUrl(read(config, 'baseURL'), read(config, 'url'));
      if (url !== undefined) {
        const method = read(config, 'method');
        return { method: typeof method === 'string' ? method.toUpperCase() : 'GET', url: scrub(url) };
      }
    }
    current = read(current, 'cause');
  }
  return undefined;
}

/** axios' own rule (buildFullPath): a relative `url` is appended to `baseURL`, an absolute one stands alone. */
function fullUrl(baseURL: unknown, url: unknown): string | undefined {
  const path = typeof url === 'string' ? url : '';
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(path) || typeof baseURL !== 'string' || baseURL === '') return path === '' ? undefined : path;
  return path === '' ? baseURL : `${baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function define(target: object, key: string, value: unknown, enumerable: boolean): void {
  Object.defineProperty(target, key, { value, enumerable, writable: true, configurable: true });
}

/** Reads a property without letting a throwing getter (a foreign error's) break the error being built. */
function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
