import type { EndpointSelectionMode, EndpointSpec } from '../../machines/endpoints/types.js';
import { apiSettingsKeys } from '../config/apiSettingsKeys.js';
import type { ApiSettings } from '../config/types.js';
import { ConfigError, type ConfigIssue } from '../errors/ConfigError.js';
import { redactEntry } from '../util/redact/redactValue.js';

/** The SRV service name looked up under `DiscoveryDomain`: `_vcdevtool._tcp.<domain>`. */
export const SRV_SERVICE = '_vcdevtool._tcp';

/** Where and how often discovery looks for more endpoints. */
export interface DiscoverySettings {
  /** `_vcdevtool._tcp.<DiscoveryDomain>`. */
  readonly srvName: string;
  /** `DiscoveryRefreshSeconds` in ms. */
  readonly refreshMs: number;
  /** `DiscoveryDnsServers`; null: the system resolvers. */
  readonly dnsServers: readonly string[] | null;
}

/**
 * The server endpoints a client may call, as the settings give them: the static list, how calls are spread over
 * it, the failback hold-down, and where discovery finds more. Built by {@link endpointSetFrom}.
 */
export interface EndpointSet {
  /** At least one, distinct URLs, in the order given (ordered mode's tie-break within a priority). */
  readonly endpoints: readonly EndpointSpec[];
  readonly selection: EndpointSelectionMode;
  /** `FailbackHoldDownSeconds` in ms. */
  readonly failbackHoldDownMs: number;
  /** Null when `DiscoveryDomain` is not set. */
  readonly discovery: DiscoverySettings | null;
  /** `HedgeReads` and `HedgeDelayMs`; absent (a set built in code): no hedging unless the client's options ask. */
  readonly hedge?: { readonly enabled: boolean; readonly delayMs: number | null };
}

type EndpointKeys = 'baseUrl' | 'baseUrls' | 'endpoints' | 'endpointSelection' | 'failbackHoldDownSeconds' | 'discoveryDomain' | 'discoveryRefreshSeconds' | 'discoveryDnsServers'
  | 'hedgeReads' | 'hedgeDelayMs';

const SECOND = 1_000;

/**
 * The endpoint set of some `ApiSettings`: `Endpoints` when given, else `BaseUrls` (each priority 0, weight 1,
 * in order), else `BaseUrl` alone. Values are checked again with the keys' own schemas, so settings built in code
 * get the same errors as loaded ones (whether `BaseUrl` agrees with a list is checked by `loadSettings`, which
 * knows which layer set it; here a list simply wins over `BaseUrl`).
 * @throws {@link ConfigError} naming each key whose value is not allowed (source `source`, default `options`).
 * @example
 * const set = endpointSetFrom(loadSettings().apiSettings);
 * set.endpoints; // [{ url: 'http://localhost:5289', priority: 0, weight: 1 }]
 */
export function endpointSetFrom(api: Pick<ApiSettings, EndpointKeys>, source = 'options'): EndpointSet {
  const issues: ConfigIssue[] = [];
  const read = <K extends EndpointKeys>(key: K): ApiSettings[K] => {
    const spec = apiSettingsKeys[key];
    const parsed = spec.schema.safeParse(api[key]);
    if (parsed.success) return parsed.data as ApiSettings[K];
    const problem = 'problemOf' in spec && spec.problemOf !== undefined ? spec.problemOf(parsed.error) : undefined;
    issues.push({ source, key: `ApiSettings.${spec.name}`, value: redactEntry(spec.name, api[key]), allowed: spec.allowed, ...(problem === undefined ? {} : { problem }) });
    return spec.defaultValue as ApiSettings[K];
  };
  const baseUrl = read('baseUrl');
  const baseUrls = read('baseUrls');
  const listed = read('endpoints');
  const selection = read('endpointSelection');
  const holdDownSeconds = read('failbackHoldDownSeconds');
  const domain = read('discoveryDomain');
  const refreshSeconds = read('discoveryRefreshSeconds');
  const dnsServers = read('discoveryDnsServers');
  const hedge = { enabled: read('hedgeReads'), delayMs: read('hedgeDelayMs') };
  if (baseUrls !== null && listed !== null) {
    issues.push({ source, key: 'ApiSettings.Endpoints', value: undefined, problem: 'is set together with ApiSettings.BaseUrls', allowed: 'either BaseUrls or Endpoints, not both' });
  }
  const [first, ...rest] = issues;
  if (first !== undefined) throw new ConfigError([first, ...rest]);
  const endpoints: EndpointSpec[] = listed?.map(({ url, priority, weight }) => ({ url, priority, weight }))
    ?? (baseUrls ?? [baseUrl]).map((url) => ({ url, priority: 0, weight: 1 }));
  return {
    endpoints,
    selection,
    failbackHoldDownMs: holdDownSeconds * SECOND,
    discovery: domain === null ? null : { srvName: `${SRV_SERVICE}.${domain.replace(/\.$/, '')}`, refreshMs: refreshSeconds * SECOND, dnsServers },
    hedge,
  };
}
