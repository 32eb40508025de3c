import { inspect } from 'node:util';
import type { InspectOptions, InspectOptionsStylized } from 'node:util';
import { redactKnownSecrets } from '../util/redact/secretValues.js';
import type { TextScrubber } from '../util/redact/scrubbedCopy.js';
import { describeError, errorJson } from './describeError.js';
import { safeCauseOf } from './safeCause.js';

/** The scrubber of each error with a foreign cause; kept off the error so no walk of its properties meets it. */
const scrubbers = new WeakMap<VcconnError, TextScrubber>();

/**
 * Base class of every error this library throws. Each subclass has a stable `code`
 * (`ERR_CIRCUIT_OPEN`, `ERR_CONFIG`, ...) so callers can branch without `instanceof`
 * across package copies, and a type guard of its own.
 *
 * **Secrets.** A library error, its `cause` chain, its `util.inspect` and `JSON.stringify` forms never carry a
 * value of the client's `headers`, a proxy or auth password, or the password of a `user:password@` URL:
 * - a cause from outside the library (an axios error with its config, request and response; a parser's error)
 *   is not kept as it is: `cause` is a summary (a plain Error with the same name, message and `code`, e.g.
 *   `ECONNREFUSED`, plus `errno`, `syscall`, `address`, `port`, `status` when present, and its own cause
 *   summarised), and the original is reachable only as a scrubbed copy in the non-enumerable `rawCause`
 *   (an AxiosError still, with its request headers `[REDACTED]` but for harmless ones, the raw request text
 *   dropped, its sockets summarised). An error that holds only texts and numbers, none secret, is kept as is.
 *   A library error as cause is kept: it was built safe.
 * - the secret values are learnt from the cause's request config (every header value but harmless ones such as
 *   `Accept`, auth and proxy passwords, URL passwords) and from the `headers` of every HTTP client of the process
 *   (`rememberSecretHeaders`, called by `createHttpClient`); the message and every kept text are scrubbed of them
 *   and of what `redactString` recognises (Authorization values, bearer tokens, JWTs, secret-named keys, URL
 *   passwords);
 * - texts from elsewhere (a server's body, a Location, an argument) are scrubbed the same way by the subclass that
 *   shows them (`redactKnownSecrets`): an error made from an answer has no request config, but the client's
 *   headers were remembered when it was created.
 *
 * **Printing.** `util.inspect` (so `console.log` and Node's report of an uncaught error) prints a few lines: the
 * message, the request (method and redacted URL) when known, the fields, one line per cause and the stack frames;
 * with `showHidden` also the scrubbed raw cause. `toJSON` gives name, code, message, fields, request and cause.
 */
export abstract class VcconnError extends Error {
  /** Stable machine-readable code, e.g. `ERR_CIRCUIT_OPEN`. */
  abstract readonly code: string;
  /** Method of the request the error is about, when its cause told (`GET`). */
  declare readonly method?: string;
  /** URL of the request the error is about, credentials redacted, when its cause told. */
  declare readonly url?: string;
  /**
   * The original cause, scrubbed of secrets, when `cause` is only a summary of it (an axios error, ...): for a
   * debugger, never printed by default. Not enumerable, so logs and JSON leave it out.
   */
  declare readonly rawCause?: unknown;

  constructor(message: string, options?: { cause?: unknown }) {
    const given = options?.cause;
    const safe = given === undefined || given instanceof VcconnError ? undefined : safeCauseOf(given, isVcconnError);
    super(safe === undefined ? message : safe.scrub(message), safe === undefined ? options : { cause: safe.cause });
    this.name = new.target.name;
    if (safe === undefined) return;
    scrubbers.set(this, safe.scrub);
    if (safe.raw !== undefined) Object.defineProperty(this, 'rawCause', { value: safe.raw, writable: false, enumerable: false, configurable: true });
    if (safe.request !== undefined) {
      // Not enumerable: Node prints an uncaught error's enumerable fields one a line, and the URL is the one that counts.
      Object.defineProperty(this, 'method', { value: safe.request.method, writable: false, enumerable: false, configurable: true });
      Object.defineProperty(this, 'url', { value: safe.request.url, writable: false, enumerable: true, configurable: true });
    }
  }

  /**
   * `text` (from a server, a caller, a foreign error) scrubbed as this error's message was: of its cause's secret
   * values when it has a foreign cause, of the clients' remembered header values, and of what `redactString`
   * recognises. For subclasses' fields.
   */
  protected redact(text: string): string {
    return (scrubbers.get(this) ?? redactKnownSecrets)(text);
  }

  /** The short form: see the class comment. */
  [inspect.custom](depth: number, options: InspectOptionsStylized, show: (value: unknown, options?: InspectOptions) => string): string {
    return describeError(this, depth, options, show);
  }

  /** The plain form `JSON.stringify` and the logger use: see the class comment. */
  toJSON(): Record<string, unknown> {
    return errorJson(this);
  }
}

/** True when `value` is any error raised by this library. */
export function isVcconnError(value: unknown): value is VcconnError {
  return value instanceof VcconnError;
}
