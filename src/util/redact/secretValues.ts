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
 *   headers of any name, and only the host knows which. Of a `Bearer x` / `Basic x` value, its credential (and
 *   Basic's decoded password), which leaves the scheme readable; of a `Cookie`, each cookie's value;
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
  addHeaders(found, record.headers);
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

/**
 * Header values configured on the HTTP clients of this process ({@link rememberSecretHeaders}), newest last.
 * Process-wide because the errors made from an answer (a 5xx whose body echoes the request's headers) are built
 * where no request config is at hand; bounded so a host rotating tokens for months does not grow it for ever.
 */
const configured = new Set<string>();
/** Forms kept at most: a few clients' headers many times over; the oldest (expired tokens, most likely) go first. */
const MAX_CONFIGURED = 256;
/** {@link configured}, longest first, rebuilt when it changes. */
let configuredList: readonly string[] = [];

/**
 * Remembers the values of `headers` (as {@link secretValuesOfRequest} reads a config's) so that every library
 * error scrubs them from the texts it shows, whatever the header's name: `Ocp-Apim-Subscription-Key` or
 * `X-Functions-Key` echoed in a 5xx body included. Called by `createHttpClient` with the client's `headers`.
 */
export function rememberSecretHeaders(headers: unknown): void {
  const found = new Set<string>();
  addHeaders(found, headers);
  const forms = withEchoedForms(found);
  if (forms.length === 0) return;
  for (const form of forms) {
    configured.delete(form);
    configured.add(form);
  }
  for (const oldest of configured) {
    if (configured.size <= MAX_CONFIGURED) break;
    configured.delete(oldest);
  }
  configuredList = [...configured].sort((a, b) => b.length - a.length);
}

/** {@link redactString}, after the values of the headers remembered by {@link rememberSecretHeaders}. */
export function redactKnownSecrets(text: string): string {
  return redactString(redactSecretValues(text, configuredList));
}

/** How a body snippet ends when it was cut (`http/snippet`). */
const CUT_MARK = '...';

/**
 * {@link redactKnownSecrets} for a body snippet cut at a length (`first 200 characters...`): the cut may fall
 * inside a remembered value and leave its head, which no whole-value match finds; a tail of 4 characters or more
 * that begins a remembered value is redacted too.
 */
export function redactSnippet(text: string): string {
  const redacted = redactKnownSecrets(text);
  if (!redacted.endsWith(CUT_MARK)) return redacted;
  const body = redacted.slice(0, -CUT_MARK.length);
  let cutAt = body.length;
  for (const value of configuredList) {
    for (let length = Math.min(value.length - 1, body.length); length >= MIN_SECRET_LENGTH; length -= 1) {
      if (body.endsWith(value.slice(0, length))) {
        cutAt = Math.min(cutAt, body.length - length);
        break;
      }
    }
  }
  return cutAt === body.length ? redacted : `${body.slice(0, cutAt)}${REDACTED}${CUT_MARK}`;
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
 * A text scrubber: the given secret values first (whatever their shape), then {@link redactKnownSecrets} (the
 * remembered header values, then redactString's rules: URL passwords, Authorization values, bearer tokens, JWTs,
 * secret-named keys).
 */
export function textScrubber(values: readonly string[]): (text: string) => string {
  if (values.length === 0) return redactKnownSecrets;
  return (text) => redactKnownSecrets(redactSecretValues(text, values));
}

function addHeaders(found: Set<string>, headers: unknown): void {
  const plain = plainHeaders(headers);
  if (plain === undefined) return;
  for (const [name, value] of Object.entries(plain)) {
    if (isHarmlessRequestHeader(name)) continue;
    for (const text of headerTexts(value)) addHeaderValue(found, name, text);
  }
}

function headerTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'bigint') return [String(value)];
  return [];
}

function addHeaderValue(found: Set<string>, header: string, raw: string): void {
  const value = raw.trim();
  const scheme = SCHEME_AND_CREDENTIAL.exec(value);
  const [, name = '', credential = ''] = scheme ?? [];
  if (header.toLowerCase() === 'cookie' && value.includes('=')) {
    // Cookies are echoed one by one as often as whole; `session=[REDACTED]` still says which one it was.
    for (const pair of value.split(';')) {
      const equals = pair.indexOf('=');
      found.add(equals > 0 ? pair.slice(equals + 1).trim() : pair.trim());
    }
  } else if (credential.length >= MIN_SECRET_LENGTH) {
    // The credential alone: `Bearer [REDACTED]` still says how the host authenticates, and the value is gone all the same.
    found.add(credential);
    if (name.toLowerCase() === 'basic') addBasicCredential(found, credential);
  } else {
    found.add(value);
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
