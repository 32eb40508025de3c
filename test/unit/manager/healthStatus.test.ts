import { describe, expect, it } from 'vitest';
import { toProbeResult } from '../../../src/manager/actors/healthProbe.js';
import type { ConnectionHealthStatus } from '../../../src/api/ApiClient.js';
import { combineHealthStatus } from '../../../src/manager/healthStatus.js';

const clientStatus: ConnectionHealthStatus = {
  isHealthy: false, responseTimeMs: 12, lastError: 'HTTP 503', lastChecked: 5, circuitBreakerOpen: true, failureCount: 4, serverVersion: '',
};

describe('health status', () => {
  it('toProbeResult stamps the connection time, keeps the error only when unhealthy', () => {
    expect(toProbeResult(clientStatus, 99)).toEqual({ isHealthy: false, responseTimeMs: 12, at: 99, lastError: 'HTTP 503' });
    expect(toProbeResult({ ...clientStatus, isHealthy: true, lastError: 'old', serverVersion: '3.0' }, 7))
      .toEqual({ isHealthy: true, responseTimeMs: 12, at: 7, serverVersion: '3.0' });
    expect(toProbeResult({ ...clientStatus, lastError: null }, 1).lastError).toBe('GET api/health did not answer 2xx');
  });

  it('is null before the first check', () => {
    expect(combineHealthStatus(null, clientStatus, true)).toBeNull();
  });

  it('takes health and timing from the probe, failure count and breaker from the client and the connection', () => {
    const probe = { isHealthy: false, responseTimeMs: 5_000, at: 1_000, lastError: 'health check timed out after 5000 ms' };
    expect(combineHealthStatus(probe, clientStatus, false)).toEqual({
      isHealthy: false, responseTimeMs: 5_000, lastError: 'health check timed out after 5000 ms', lastChecked: 1_000,
      circuitBreakerOpen: true, failureCount: 4, serverVersion: '',
    });
    expect(combineHealthStatus({ isHealthy: true, responseTimeMs: 3, at: 2, serverVersion: '3.1' }, null, true)).toEqual({
      isHealthy: true, responseTimeMs: 3, lastError: null, lastChecked: 2, circuitBreakerOpen: true, failureCount: 0, serverVersion: '3.1',
    });
  });
});
