import { REDACTED, redactString } from './redactString.js';
import { isHarmlessRequestHeader, plainHeaders } from './redactRequestConfig.js';

/**
 * Shorter values are not hunted in text: replacing every `on` or `42` of a message would garble it, and a
 * credential that short protects nothing anyway.
 */
const MIN_SECRET_LENGTH = 4;

/** `scheme://userinfo@` at the start of a URL. */
const URL_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@\s]*)@/i;
/** `Bearer abc`, `Basic dXNlcjpwYXNz`: a scheme word, then the credential. */
const SCHEME_AND_CREDENTIAL = /^([A-Za-z][\w-]*)\s+(\S.*)$/;

/**
 * The secret strings a request config carries (axios' `error.config`, or one of the same shape), longest first,
 * for {@link redactSecretValues}:
 * - the value of every header but the harmless ones (see `isHarmlessRequestHeader`): hosts authenticate with
 *   headers of any name, and only the host knows which; a `Bearer x` / `Basic x` value also gives its credential
 *   alone, Basic's decoded password too, and a `Cookie` each cookie's value;
 * - `auth` and `proxy.auth` passwords, alone and as the Basic credential axios builds from them;
 * - the password of a `user:password@` in `url`, `baseURL` or a proxy URL.
 *
 * Each comes with the forms it takes when echoed in JSON or in a URL. Values shorter than 4 characters are left
 * out.
 */
export function secretValuesOfRequest(config: unknown): string[] {
  if (typeof config !== 'object' || config === null) return [];
  const found = new Set<string>();
  const record = config as Record<string, unknown>;
  const headers = plainHeaders(record.headers);
  if (headers !== undefined) {
    for (const [name, value] of Object.entries(headers)) {
      if (isHarmlessRequestHeader(name)) continue;
      for (const text of headerTexts(value)) addHeaderValue(found, text);
    }
  }
  addCredentials(found, record.auth);
  const proxy = record.proxy;
  if (typeof proxy === 'string') addUrlCredentials(found, proxy);
  else if (typeof proxy === 'object' && proxy !== null) addCredentials(found, (proxy as Record<string, unknown>).auth);
  for (const key of ['url', 'baseURL']) {
    const url = record[key];
    if (typeof url === 'string') addUrlCredentials(found, url);
  }
  return withEchoedForms(found);
}

/** `text` with every occurrence of each of `values` replaced by `[REDACTED]`; pass them longest first. */
export function redactSecretValues(text: string, values: readonly string[]): string {
  let result = text;
  for (const value of values) {
    if (result.includes(value)) result = result.split(value).join(REDACTED);
  }
  return result;
}

/**
 * A text scrubber: the given secret values first (whatever their shape), then {@link redactString}'s rules
 * (URL passwords, Authorization values, bearer tokens, JWTs, secret-named keys).
 */
export function textScrubber(values: readonly string[]): (text: string) => string {
  if (values.length === 0) return redactString;
  return (text) => redactString(redactSecretValues(text, values));
}

function headerTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'bigint') return [String(value)];
  return [];
}

function addHeaderValue(found: Set<string>, raw: string): void {
  const value = raw.trim();
  found.add(value);
  const scheme = SCHEME_AND_CREDENTIAL.exec(value);
  if (scheme !== null) {
    const [, name = '', credential = ''] = scheme;
    found.add(credential);
    if (name.toLowerCase() === 'basic') addBasicCredential(found, credential);
  }
  // A Cookie header is echoed cookie by cookie as often as whole.
  if (value.includes('=')) {
    for (const pair of value.split(';')) {
      const equals = pair.indexOf('=');
      if (equals > 0) found.add(pair.slice(equals + 1).trim());
    }
  }
}

function addBasicCredential(found: Set<string>, credential: string): void {
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon >= 0) found.add(decoded.slice(colon + 1));
}

function addCredentials(found: Set<string>, auth: unknown): void {
  if (typeof auth !== 'object' || auth === null) return;
  const { username, password } = auth as { username?: unknown; password?: unknown };
  if (typeof password !== 'string' || password === '') return;
  found.add(password);
  const user = typeof username === 'string' ? username : '';
  found.add(Buffer.from(`${user}:${password}`, 'utf8').toString('base64'));
}

function addUrlCredentials(found: Set<string>, url: string): void {
  const userinfo = URL_USERINFO.exec(url)?.[1];
  if (userinfo === undefined) return;
  const colon = userinfo.indexOf(':');
  if (colon < 0) return;
  const password = userinfo.slice(colon + 1);
  if (password === '') return;
  found.add(password);
  addCredentials(found, { username: decoded(userinfo.slice(0, colon)), password: decoded(password) });
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function withEchoedForms(values: ReadonlySet<string>): string[] {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    forms.add(value);
    // A server echoing headers in JSON escapes quotes and backslashes; one echoing a query string encodes them.
    forms.add(JSON.stringify(value).slice(1, -1));
    forms.add(encodeURIComponent(value));
  }
  // Longest first, so a value containing another is replaced whole, not around the shorter one.
  return [...forms].sort((a, b) => b.length - a.length);
}
