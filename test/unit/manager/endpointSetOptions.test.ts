import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors/ConfigError.js';
import { InvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import { resolveConnectionManagerOptions } from '../../../src/manager/options.js';

const A = 'http://a.test:5289';
const B = 'http://b.test:5289';

describe('resolveConnectionManagerOptions: one server or a set', () => {
  it('builds no set for one server, given as baseUrl or as a list of one: the health timeout stays HealthCheckTimeoutSeconds', () => {
    for (const apiSettings of [{}, { baseUrls: [A] }]) {
      const resolved = resolveConnectionManagerOptions({ baseUrl: A, apiSettings, connection: { healthCheckTimeoutSeconds: 2 } });
      expect(resolved.endpointSet).toBeNull();
      expect(resolved.settings.health.timeoutMs).toBe(2_000);
    }
  });

  it('builds the set from BaseUrls (the list wins over baseUrl) and gives the monitor a quarter more time', () => {
    const resolved = resolveConnectionManagerOptions({ baseUrl: A, apiSettings: { baseUrls: [B, A] }, connection: { healthCheckTimeoutSeconds: 2 } });
    expect(resolved.endpointSet?.endpoints.map((endpoint) => endpoint.url)).toEqual([B, A]);
    expect(resolved.settings.health.timeoutMs).toBe(2_500);
    const short = resolveConnectionManagerOptions({ baseUrl: A, apiSettings: { baseUrls: [A, B] }, connection: { healthCheckTimeoutSeconds: 0.2 } });
    expect(short.settings.health.timeoutMs).toBe(450);
  });

  it('builds a set of one endpoint when a discovery domain is set', () => {
    const resolved = resolveConnectionManagerOptions({ baseUrl: A, apiSettings: { discoveryDomain: 'corp.test' } });
    expect(resolved.endpointSet?.endpoints.map((endpoint) => endpoint.url)).toEqual([A]);
    expect(resolved.endpointSet?.discovery?.srvName).toBe('_vcdevtool._tcp.corp.test');
  });

  it('rejects a URL listed twice with a ConfigError naming ApiSettings.BaseUrls', () => {
    const resolve = () => resolveConnectionManagerOptions({ baseUrl: A, apiSettings: { baseUrls: [A, B, A] } });
    expect(resolve).toThrow(ConfigError);
    expect(resolve).toThrow(/ApiSettings\.BaseUrls/);
  });

  it("takes the list's first URL as baseUrl when baseUrl is left out, and still wants one of them", () => {
    const listed = resolveConnectionManagerOptions({ apiSettings: { baseUrls: [B, A] } });
    expect(listed.baseUrl).toBe(B);
    expect(listed.endpointSet?.endpoints.map((endpoint) => endpoint.url)).toEqual([B, A]);
    const weighted = resolveConnectionManagerOptions({ apiSettings: { endpoints: [{ url: A, priority: 0, weight: 2 }, { url: B, priority: 1, weight: 1 }] } });
    expect(weighted.baseUrl).toBe(A);
    const neither = () => resolveConnectionManagerOptions({ apiSettings: {} });
    expect(neither).toThrow(InvalidArgumentError);
    expect(neither).toThrow(/baseUrl/);
  });
});
