import { describe, expect, it } from 'vitest';
import { httpClientOptionsFrom, profileTimeoutMs } from '../../../src/http/fromConnectionOptions.js';
import { defaultConnectionOptions } from '../../../src/config/index.js';

describe('profileTimeoutMs', () => {
  it.each([
    ['health', 5000], ['default', 30_000], ['task', 60_000], ['file', 120_000],
  ] as const)('gives the %s profile %i ms with the seed defaults', (profile, ms) => {
    expect(profileTimeoutMs(profile, defaultConnectionOptions)).toBe(ms);
  });
});

describe('httpClientOptionsFrom', () => {
  it('carries the pool settings and the body cap of ConnectionOptions, plus extra options', () => {
    const options = httpClientOptionsFrom('http://127.0.0.1:5289', {
      ...defaultConnectionOptions, connectionPoolSize: 4, enableConnectionPooling: false,
    }, { headers: { Authorization: 'x' } });
    expect(options).toEqual({
      baseUrl: 'http://127.0.0.1:5289', connectionPoolSize: 4, connectionPoolTimeoutMs: 5000,
      enableConnectionPooling: false, maxResponseBytes: 10_485_760, headers: { Authorization: 'x' },
    });
  });
});
