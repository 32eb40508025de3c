import { booleanKey, enumKey, httpUrlKey, nullableNumberKey, numberKey } from './keySpec.js';
import { dnsServerListKey, domainKey, endpointListKey, urlListKey } from './listKeys.js';

/** How calls are spread over several endpoints (see `selectEndpoint` in machines/endpoints). */
export const endpointSelectionModes = ['ordered', 'balanced'] as const;

/** The `ApiSettings` section: the seed's keys, names and defaults. */
export const apiSettingsKeys = {
  baseUrl: httpUrlKey('BaseUrl', {
    defaultValue: 'http://localhost:5289',
    description: 'Address of the VCDevTool task server.',
  }),
  useEnhancedClient: booleanKey('UseEnhancedClient', {
    defaultValue: true,
    description: 'Start with the Enhanced client (breaker, retries, timeouts); false starts with the Standard one.',
  }),
  enableAutoRecovery: booleanKey('EnableAutoRecovery', {
    defaultValue: true,
    description: 'When the link loses health, recreate the client, then try the other client type.',
  }),
  healthCheckIntervalMinutes: numberKey('HealthCheckIntervalMinutes', { min: 0, minExclusive: true, max: 1_440 }, {
    defaultValue: 1,
    description: 'Interval between health checks while the link is healthy; fractions allowed (0.5 = 30 s).',
  }),
  baseUrls: urlListKey('BaseUrls', {
    defaultValue: null,
    description: 'Several servers, in order of preference (priority 0, weight 1 each); null: BaseUrl alone. BaseUrl, if also set, must be one of them.',
  }),
  endpoints: endpointListKey('Endpoints', {
    defaultValue: null,
    description: 'Several servers with an SRV-style Priority (lower first) and Weight each; instead of BaseUrls.',
  }),
  endpointSelection: enumKey('EndpointSelection', endpointSelectionModes, {
    defaultValue: 'ordered',
    description: 'ordered: the most preferred healthy endpoint takes every call; balanced: least outstanding calls per weight among the healthy.',
  }),
  failbackHoldDownSeconds: numberKey('FailbackHoldDownSeconds', { min: 0, max: 3_600 }, {
    defaultValue: 30,
    description: 'How long an endpoint must stay healthy after recovering before calls go back to it; 0 at once.',
  }),
  discoveryDomain: domainKey('DiscoveryDomain', {
    defaultValue: null,
    description: 'Also find servers in the DNS SRV records `_vcdevtool._tcp.<domain>`; null: the static list only.',
  }),
  discoveryRefreshSeconds: numberKey('DiscoveryRefreshSeconds', { min: 1, max: 86_400 }, {
    defaultValue: 60,
    description: 'Interval between SRV lookups; a failed lookup keeps the last list found.',
  }),
  discoveryDnsServers: dnsServerListKey('DiscoveryDnsServers', {
    defaultValue: null,
    description: 'DNS servers asked for the SRV records; null: the system resolvers.',
  }),
  hedgeReads: booleanKey('HedgeReads', {
    defaultValue: false,
    description: 'With several servers: a GET unanswered after HedgeDelayMs also goes to a second server; the first answer wins, the other request is aborted.',
  }),
  hedgeDelayMs: nullableNumberKey('HedgeDelayMs', { min: 0, max: 60_000 }, {
    defaultValue: null,
    description: "How long a hedged read waits before its second request, ms; null: the first server's observed p95 latency (10 ms floor, 200 ms until measured).",
  }, 'the observed p95'),
} as const;
