import { REDACTED } from './redactString.js';

/**
 * Request headers whose values say nothing secret and help read a log. Every other header of a logged request
 * is redacted: hosts authenticate with headers of any name (`Ocp-Apim-Subscription-Key`, `X-Functions-Key`,
 * `X-Auth`), and a name-based rule cannot know them all.
 */
const HARMLESS_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'accept', 'accept-encoding', 'accept-language', 'cache-control', 'connection', 'content-length', 'content-type',
  'host', 'idempotency-key', 'user-agent', 'x-request-id', 'x-correlation-id', 'request-id', 'traceparent', 'tracestate',
]);

/** True when a request header of this name carries nothing secret (`Accept`, `User-Agent`, `Idempotency-Key`, ...). */
export function isHarmlessRequestHeader(name: string): boolean {
  return HARMLESS_REQUEST_HEADERS.has(name.toLowerCase());
}

/** Config keys holding live connection objects: their sockets keep the raw request text, headers and all. */
const AGENT_KEYS = ['httpAgent', 'httpsAgent'] as const;

/**
 * A shallow copy of an HTTP client's request config (axios' `error.config`) safe to log: `headers` keep only the
 * values of {@link HARMLESS_REQUEST_HEADERS} (others become `[REDACTED]`), and the agents are summarised as
 * `[Agent]`. Anything that is not an object comes back as it is.
 */
export function redactRequestConfig(config: unknown): unknown {
  if (typeof config !== 'object' || config === null) return config;
  const copy: Record<string, unknown> = { ...config };
  for (const key of AGENT_KEYS) {
    if (copy[key] !== undefined && copy[key] !== null) copy[key] = '[Agent]';
  }
  const headers = plainHeaders(copy.headers);
  if (headers === undefined) return copy;
  const redacted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    const keep = isHarmlessRequestHeader(name) || value === undefined || value === null || value === false || value === '';
    Object.defineProperty(redacted, name, { value: keep ? value : REDACTED, enumerable: true, writable: true, configurable: true });
  }
  copy.headers = redacted;
  return copy;
}

/** A header bag as a plain object: axios' `AxiosHeaders` through its `toJSON`, a plain object as it is. */
export function plainHeaders(headers: unknown): Record<string, unknown> | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const toJSON = (headers as { toJSON?: unknown }).toJSON;
  // axios' AxiosHeaders knows its plain form; a plain object is one already.
  const plain: unknown = typeof toJSON === 'function' ? toJSON.call(headers) : headers;
  return typeof plain === 'object' && plain !== null ? (plain as Record<string, unknown>) : undefined;
}
