import { isIP } from 'node:net';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

/** The proxy settings of appsettings (`Connection:ProxyUrl`, `Connection:ProxyBypassList`); they win over the environment. */
export interface ProxySettings {
  /** `http://[user:password@]host:port`; null or undefined: the environment's `HTTP(S)_PROXY`. */
  readonly proxyUrl?: string | null;
  /** NO_PROXY patterns; null or undefined: the environment's `NO_PROXY`. */
  readonly proxyBypassList?: readonly string[] | null;
}

/** The forward proxy one client goes through. */
export interface ResolvedProxy {
  /** `http:` (the only proxy protocol supported). */
  readonly protocol: 'http:';
  readonly host: string;
  readonly port: number;
  /** `host:port`, never credentials: what errors, logs and labels name. */
  readonly label: string;
  /** The decoded user name and password of `user:password@`, when given. */
  readonly username?: string;
  readonly password?: string;
  /** `Basic base64(user:password)` for `Proxy-Authorization`, when credentials were given. */
  readonly authorization?: string;
  /** Where the URL came from: `Connection:ProxyUrl`, `HTTPS_PROXY`, ... */
  readonly source: string;
}

/**
 * The proxy a client whose base URL is `baseUrl` must use, or undefined for a direct connection; as curl does:
 * - the proxy URL is `settings.proxyUrl`, else `https_proxy`/`HTTPS_PROXY` for an https base URL,
 *   `http_proxy`/`HTTP_PROXY` for an http one (the lower-case name first); a URL without a scheme is `http://`;
 * - the host bypasses it when it matches a pattern of `settings.proxyBypassList`, else of `no_proxy`/`NO_PROXY`
 *   (comma or space separated): `*` (everything), a host name (that name and its subdomains; a leading `.` is
 *   ignored: `.corp.example` and `corp.example` both match `corp.example` and `a.corp.example`), an IP address
 *   (that address), `host:port` (that host on that port only), an IPv6 address in brackets; case-insensitive.
 *
 * @throws {@link InvalidArgumentError} for a proxy URL that is not an http:// URL with a host.
 */
export function proxyFor(
  baseUrl: string | URL, settings: ProxySettings = {}, env: Readonly<Record<string, string | undefined>> = {},
): ResolvedProxy | undefined {
  const target = typeof baseUrl === 'string' ? new URL(baseUrl) : baseUrl;
  const https = target.protocol === 'https:';
  const fromSettings = nonEmpty(settings.proxyUrl);
  const [source, raw] = fromSettings !== undefined
    ? ['Connection:ProxyUrl', fromSettings]
    : https
      ? firstVariable(env, 'https_proxy', 'HTTPS_PROXY')
      : firstVariable(env, 'http_proxy', 'HTTP_PROXY');
  if (raw === undefined) return undefined;
  const patterns = settings.proxyBypassList ?? splitPatterns(firstVariable(env, 'no_proxy', 'NO_PROXY')[1] ?? '');
  const port = target.port === '' ? (https ? 443 : 80) : Number(target.port);
  if (bypasses(target.hostname, port, patterns)) return undefined;
  return parseProxyUrl(raw, source);
}

/** True when `hostname:port` matches one of the NO_PROXY `patterns` (see {@link proxyFor}). */
export function bypasses(hostname: string, port: number, patterns: readonly string[]): boolean {
  const host = unbracket(hostname.toLowerCase()).replace(/\.$/, '');
  for (const rawPattern of patterns) {
    const pattern = rawPattern.trim().toLowerCase();
    if (pattern === '') continue;
    if (pattern === '*') return true;
    const { name, port: patternPort } = splitHostPort(pattern);
    if (patternPort !== undefined && patternPort !== port) continue;
    const bare = name.replace(/^\*?\./, '').replace(/\.$/, '');
    if (bare === '') continue;
    if (isIP(bare) !== 0 || isIP(host) !== 0) {
      if (bare === host) return true;
      continue;
    }
    if (host === bare || host.endsWith(`.${bare}`)) return true;
  }
  return false;
}

/** A NO_PROXY value's patterns: separated by commas and/or white space. */
export function splitPatterns(value: string): string[] {
  return value.split(/[\s,]+/).filter((pattern) => pattern !== '');
}

/** Parses a proxy URL (`http://user:pass@host:port`, or `host:port`, taken as http). */
export function parseProxyUrl(raw: string, source = 'proxy URL'): ResolvedProxy {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError('proxy', source, 'not a URL (expected http://[user:password@]host:port)');
  }
  if (url.protocol !== 'http:' || url.hostname === '') {
    throw new InvalidArgumentError('proxy', source, `expected an http:// proxy URL with a host, got ${url.protocol}//${url.host}`);
  }
  const host = unbracket(url.hostname);
  const port = url.port === '' ? 80 : Number(url.port);
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const credentials = username !== '' || password !== '';
  return {
    protocol: 'http:',
    host,
    port,
    label: `${url.hostname}:${port}`,
    source,
    ...(credentials
      ? { username, password, authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` }
      : {}),
  };
}

function nonEmpty(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}

function firstVariable(env: Readonly<Record<string, string | undefined>>, ...names: string[]): [string, string | undefined] {
  for (const name of names) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) return [name, value];
  }
  return [names[0] ?? '', undefined];
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address (no port). */
function splitHostPort(pattern: string): { name: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(pattern);
  if (bracketed !== null) {
    const [, name = '', port] = bracketed;
    return port === undefined ? { name } : { name, port: Number(port) };
  }
  if (isIP(pattern) === 6) return { name: pattern };
  const withPort = /^(.*):(\d+)$/.exec(pattern);
  if (withPort !== null) {
    const [, name = '', port = ''] = withPort;
    return { name, port: Number(port) };
  }
  return { name: pattern };
}
