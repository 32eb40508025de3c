import { describe, expect, it } from 'vitest';
import { defaultApiSettings } from '../../../src/config/index.js';
import { endpointSetFrom } from '../../../src/endpoints/EndpointSet.js';
import { ConfigError } from '../../../src/errors/ConfigError.js';

describe('endpointSetFrom', () => {
  it('makes BaseUrl alone one endpoint, ordered, with the default hold-down and no discovery', () => {
    expect(endpointSetFrom(defaultApiSettings)).toEqual({
      endpoints: [{ url: 'http://localhost:5289', priority: 0, weight: 1 }], selection: 'ordered', failbackHoldDownMs: 30_000, discovery: null,
      hedge: { enabled: false, delayMs: null },
    });
  });

  it('carries HedgeReads and HedgeDelayMs as the set\'s hedge, and names a bad delay', () => {
    expect(endpointSetFrom({ ...defaultApiSettings, hedgeReads: true, hedgeDelayMs: 40 }).hedge).toEqual({ enabled: true, delayMs: 40 });
    expect(() => endpointSetFrom({ ...defaultApiSettings, hedgeDelayMs: -5 })).toThrow(/HedgeDelayMs/);
  });

  it('makes BaseUrls endpoints of one priority, in order; Endpoints keep their priority and weight', () => {
    expect(endpointSetFrom({ ...defaultApiSettings, baseUrls: ['http://a', 'http://b'] }).endpoints)
      .toEqual([{ url: 'http://a', priority: 0, weight: 1 }, { url: 'http://b', priority: 0, weight: 1 }]);
    expect(endpointSetFrom({ ...defaultApiSettings, endpoints: [{ url: 'http://a', priority: 1, weight: 4 }] }).endpoints)
      .toEqual([{ url: 'http://a', priority: 1, weight: 4 }]);
  });

  it('names the SRV records of the discovery domain, with its interval and servers', () => {
    const set = endpointSetFrom({ ...defaultApiSettings, discoveryDomain: 'corp.example.', discoveryRefreshSeconds: 5, discoveryDnsServers: ['127.0.0.1:53'] });
    expect(set.discovery).toEqual({ srvName: '_vcdevtool._tcp.corp.example', refreshMs: 5_000, dnsServers: ['127.0.0.1:53'] });
  });

  it('throws a ConfigError naming each bad key for settings built in code', () => {
    const build = () => endpointSetFrom({ ...defaultApiSettings, baseUrls: ['http://a', 'http://a/'], failbackHoldDownSeconds: -1 });
    expect(build).toThrow(ConfigError);
    try {
      build();
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.key)).toEqual(['ApiSettings.BaseUrls', 'ApiSettings.FailbackHoldDownSeconds']);
    }
  });
});
