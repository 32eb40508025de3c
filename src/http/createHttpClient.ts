import type { AxiosInstance, AxiosStatic } from 'axios';
import { rememberSecretHeaders } from '../util/redact/secretValues.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { loadAxios, loadedAxios } from './axiosModule.js';
import { ConnectionPool } from './ConnectionPool.js';
import type { TlsOptions } from './ConnectionPool.js';
import { slotAdapter } from './slotAdapter.js';
import { proxyFor } from './proxyFor.js';
import type { ProxySettings, ResolvedProxy } from './proxyFor.js';
import { ProxyError } from './ProxyTunnelAgent.js';

/** Default `MaxResponseBytes`: 10 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Everything one attempt needs to talk to the server. */
export interface HttpClient {
  /** The base URL, normalised to end with `/` so relative paths append to it. */
  readonly baseUrl: string;
  /**
   * The client's axios instance. axios is loaded, and the instance made, on the first call (the first request),
   * not when the client is created, so importing the library does not load it; later calls get the same instance.
   */
  readonly axios: () => Promise<AxiosInstance>;
  /**
   * The client's axios instance if axios is loaded (made now if it was not yet), else undefined. With it, a request
   * reaches the pool in the tick it was made, as it did when axios was loaded at import: only the first request
   * of the process waits for the load.
   */
  readonly loadedAxios: () => AxiosInstance | undefined;
  readonly pool: ConnectionPool;
  /** The forward proxy this client goes through (resolved once from its base URL), or undefined: direct. */
  readonly proxy?: ResolvedProxy | undefined;
  readonly maxResponseBytes: number;
  /** The clock that stamps outcomes (`at`) and parses Retry-After dates. */
  readonly now: () => number;
}

/** Options of {@link createHttpClient}; pool names follow ConnectionOptions. */
export interface HttpClientOptions {
  baseUrl: string;
  /** `ConnectionPoolSize`; default 10. */
  connectionPoolSize?: number;
  /** `ConnectionPoolTimeoutMs`; default 5000. */
  connectionPoolTimeoutMs?: number;
  /** `EnableConnectionPooling`; default true. */
  enableConnectionPooling?: boolean;
  /** `MaxResponseBytes`: larger bodies (after decompression) fail with InvalidResponseError `tooLarge`. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Largest request body; default the same as maxResponseBytes. */
  maxRequestBytes?: number;
  tls?: TlsOptions;
  /** `Connection:ProxyUrl` and `Connection:ProxyBypassList`; they win over the environment's. */
  proxy?: ProxySettings;
  /** Where `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` (either case) are read; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Headers sent on every request (e.g. `Authorization`). Never sent anywhere but the base URL's origin. Their
   * values (but harmless ones such as `Accept`) are scrubbed from every library error (`rememberSecretHeaders`).
   */
  headers?: Readonly<Record<string, string>>;
  now?: () => number;
  /** Told when a request queued for a pooled socket got one or timed out (see `ConnectionPoolOptions.onWaitEnded`). */
  onPoolWaitEnded?: (waitedMs: number, timedOut: boolean) => void;
}

/**
 * Builds what both clients send with: the pool, the proxy, and the axios instance, which is made on the first
 * request (`axios()`, `loadedAxios()`; axios itself is loaded with the process's first request, see `loadAxios`), so creating a client stays synchronous and
 * a client disposed before any request never loads axios. The instance never retries by itself (no axios-retry interceptor) and never
 * follows a redirect (`maxRedirects: 0`; a 3xx becomes InvalidResponseError `redirect`), so headers such as
 * `Authorization` can never be sent to another host. Every status comes back as a response
 * (`validateStatus: () => true`) for the operation's own rules to judge, and the body comes back as text, so
 * malformed JSON or an HTML page is reported precisely. A forward proxy is resolved once from the base URL
 * (`proxyFor`: `ProxyUrl`/`ProxyBypassList`, else `HTTP(S)_PROXY`/`NO_PROXY`): an http base URL sends
 * absolute-form requests to it, an https one tunnels with CONNECT (`ProxyTunnelAgent`); axios' own reading of
 * the environment stays off. The proxy's password is registered as a secret, so no error or log shows it, and a
 * 407 from the proxy becomes a `ProxyError` (`EPROXY_AUTH`) naming it as `host:port`.
 *
 * @throws {@link InvalidArgumentError} when `baseUrl` is not an absolute http(s) URL.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(maxResponseBytes > 0)) {
    throw new InvalidArgumentError('createHttpClient', 'maxResponseBytes', `expected a positive number, got ${maxResponseBytes}`);
  }
  const now = options.now ?? Date.now;
  // Errors made from an answer (a 5xx echoing the headers) are built where these headers are not at hand.
  rememberSecretHeaders(options.headers);
  const proxy = proxyFor(baseUrl, options.proxy, options.env ?? process.env);
  if (proxy?.authorization !== undefined) {
    // The password alone, its Basic form and their echoed forms become secrets every library error scrubs.
    rememberSecretHeaders({ 'Proxy-Authorization': proxy.authorization });
  }
  const https = baseUrl.startsWith('https:');
  const pool = new ConnectionPool({
    protocol: new URL(baseUrl).protocol,
    connectionPoolSize: options.connectionPoolSize,
    connectionPoolTimeoutMs: options.connectionPoolTimeoutMs,
    enableConnectionPooling: options.enableConnectionPooling,
    tls: options.tls,
    ...(proxy === undefined ? {} : { proxy }),
    now,
    ...(options.onPoolWaitEnded === undefined ? {} : { onWaitEnded: options.onPoolWaitEnded }),
  });
  const settings: InstanceSettings = {
    baseUrl, https, pool, proxy, maxResponseBytes, maxRequestBytes: options.maxRequestBytes ?? maxResponseBytes,
    // Copied now, as axios.create copied them when the instance was made with the client.
    headers: options.headers === undefined ? undefined : { ...options.headers },
  };
  // Made once, on the first request (a failed load of axios is not kept: the next request tries again).
  let made: AxiosInstance | undefined;
  const loadedInstance = (): AxiosInstance | undefined => {
    const axios = loadedAxios();
    if (axios !== undefined) made ??= createInstance(axios, settings);
    return made;
  };
  const axiosInstance = async (): Promise<AxiosInstance> => {
    const axios = await loadAxios();
    made ??= createInstance(axios, settings);
    return made;
  };
  return { baseUrl, axios: axiosInstance, loadedAxios: loadedInstance, pool, proxy, maxResponseBytes, now };
}

/** What {@link createInstance} needs from {@link createHttpClient}, resolved and checked there. */
interface InstanceSettings {
  readonly baseUrl: string;
  readonly https: boolean;
  readonly pool: ConnectionPool;
  readonly proxy: ResolvedProxy | undefined;
  readonly maxResponseBytes: number;
  readonly maxRequestBytes: number;
  readonly headers: Readonly<Record<string, string>> | undefined;
}

/** The client's axios instance, made from the loaded `axios` with the pool's agent, adapter and proxy. */
function createInstance(axios: AxiosStatic, settings: InstanceSettings): AxiosInstance {
  const { baseUrl, https, pool, proxy, maxResponseBytes } = settings;
  // axios merges every key of these defaults into every request: keep to the keys that differ from its own
  // defaults (no `timeout`: 0 already; no `responseEncoding`: text is decoded as UTF-8 without a BOM anyway),
  // and hand the pool's agent under the one key the base URL's protocol uses. A bounded pool's slots go in front
  // of the agent as the adapter, so every request through this instance waits its turn; an unbounded pool keeps
  // axios' own adapter and pays nothing.
  const instance = axios.create({
    baseURL: baseUrl,
    allowAbsoluteUrls: false,
    validateStatus: () => true,
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxContentLength: maxResponseBytes,
    maxBodyLength: settings.maxRequestBytes,
    ...(https ? { httpsAgent: pool.agent } : { httpAgent: pool.agent }),
    ...(pool.bounded ? { adapter: slotAdapter(pool, axios) } : {}),
    // http through a proxy: axios sends absolute-form requests to it, with Proxy-Authorization from `auth`.
    proxy: proxy === undefined || https ? false : {
      protocol: 'http', host: proxy.host, port: proxy.port,
      ...(proxy.username === undefined ? {} : { auth: { username: proxy.username, password: proxy.password ?? '' } }),
    },
    headers: { Accept: 'application/json', ...settings.headers },
  });
  if (proxy !== undefined && !https) {
    // A 407 over plain http is the proxy's (a server asks with 401), as is a 401 asking for Proxy-Authenticate:
    // its own error, naming the proxy.
    instance.interceptors.response.use((response) => {
      const status = response.status;
      if (status === 407 || (status === 401 && response.headers['proxy-authenticate'] !== undefined)) {
        throw new ProxyError(proxy.label, status, '');
      }
      return response;
    });
  }
  return instance;
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidArgumentError('createHttpClient', 'baseUrl', `not an absolute URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('createHttpClient', 'baseUrl', `expected http or https, got ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidArgumentError('createHttpClient', 'baseUrl', 'credentials in the URL are not allowed; use headers');
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.toString();
}
