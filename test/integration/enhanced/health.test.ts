import { getLocal } from 'mockttp';
import type { Mockttp } from 'mockttp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionOptions } from '../../../src/config/types.js';
import { simulatedClient } from './support/simulatedClient.js';
import type { SimulatedClient } from './support/simulatedClient.js';

let mock: Mockttp;
let harness: SimulatedClient | undefined;

function connect(connection: Partial<ConnectionOptions> = {}): SimulatedClient {
  harness = simulatedClient(`http://127.0.0.1:${mock.port}`, {
    maxRetryAttempts: 0, circuitBreakerFailureThreshold: 2, circuitBreakerMinimumThroughput: 2,
    circuitBreakerBreakDurationSeconds: 10, ...connection,
  });
  return harness;
}

/** Answers `api/health` after moving the client's clock on by `tookMs`, so the response time is exact. */
async function healthAnswer(h: SimulatedClient, tookMs: number, version = '2.1.0') {
  return mock.forGet('/api/health').thenCallback(() => {
    h.clock.increment(tookMs);
    return { statusCode: 200, json: { status: 'healthy', timestamp: '2024-05-01T10:00:00Z', version } };
  });
}

beforeEach(async () => {
  mock = getLocal();
  await mock.start();
});

afterEach(async () => {
  await harness?.client.dispose();
  harness = undefined;
  await mock.stop();
});

describe('EnhancedApiClient.getConnectionHealth', () => {
  it('reports a healthy server: response time, check time, version, closed circuit, no failures', async () => {
    const h = connect();
    await healthAnswer(h, 42);
    const startedAt = h.clock.now();
    await expect(h.client.getConnectionHealth()).resolves.toEqual({
      isHealthy: true, responseTimeMs: 42, lastError: null, lastChecked: startedAt, circuitBreakerOpen: false,
      failureCount: 0, serverVersion: '2.1.0',
    });
    await expect(h.client.testConnection()).resolves.toBe(true);
  });

  it('learns from each health answer whether the server honours Idempotency-Key (auto); a failed probe changes nothing', async () => {
    const h = connect();
    expect(h.client.idempotencyKeyHonoured).toBe(false);
    await mock.forGet('/api/health').once().thenJson(200, { status: 'healthy', capabilities: ['idempotency-key'] });
    await mock.forGet('/api/health').once().thenReply(503, '');
    await mock.forGet('/api/health').once().thenJson(200, { status: 'healthy', version: '8.0.0' });
    await h.client.getConnectionHealth();
    expect(h.client.idempotencyKeyHonoured).toBe(true);
    await h.client.getConnectionHealth();
    expect(h.client.idempotencyKeyHonoured).toBe(true);
    await h.client.getConnectionHealth();
    expect(h.client.idempotencyKeyHonoured).toBe(false);
  });

  it('takes IdempotencyKeySupport always or never as said, whatever the server advertises', async () => {
    await mock.forGet('/api/health').thenJson(200, { status: 'healthy', capabilities: ['idempotency-key'] });
    const never = connect({ idempotencyKeySupport: 'never' });
    await never.client.getConnectionHealth();
    expect(never.client.idempotencyKeyHonoured).toBe(false);
    await never.client.dispose();
    const always = connect({ idempotencyKeySupport: 'always' });
    expect(always.client.idempotencyKeyHonoured).toBe(true);
  });

  it('counts consecutive transient failures and keeps the latest error until a success', async () => {
    const h = connect({ circuitBreakerFailureThreshold: 10 });
    await mock.forGet('/api/tasks').thenReply(503, 'overloaded');
    await mock.forGet('/api/nodes').thenReply(400, 'bad');
    await mock.forGet('/api/health').once().thenReply(500, 'boom');
    await expect(h.client.getTasks()).rejects.toThrow();
    await expect(h.client.getTasks()).rejects.toThrow();
    await expect(h.client.getAvailableNodes()).rejects.toThrow();

    const failing = await h.client.getConnectionHealth();
    expect(failing).toMatchObject({ isHealthy: false, failureCount: 3, circuitBreakerOpen: false, serverVersion: '' });
    expect(failing.lastError).toMatch(/^health: HTTP 500: boom/);

    await healthAnswer(h, 5);
    await expect(h.client.getConnectionHealth()).resolves.toMatchObject({ isHealthy: true, failureCount: 0, lastError: null });
  });

  it('sends the probe while the circuit is open: isHealthy from the server, circuitBreakerOpen from the breaker', async () => {
    const h = connect();
    await mock.forGet('/api/tasks').thenReply(503, 'overloaded');
    const health = await healthAnswer(h, 7, '2.2.0');
    await expect(h.client.getTasks()).rejects.toThrow();
    await expect(h.client.getTasks()).rejects.toThrow();
    expect(h.client.circuitState).toBe('open');

    const sentAt = h.clock.now();
    await expect(h.client.getConnectionHealth()).resolves.toEqual({
      isHealthy: true, responseTimeMs: 7, lastError: null, lastChecked: sentAt,
      circuitBreakerOpen: true, failureCount: 0, serverVersion: '2.2.0',
    });
    expect(await health.getSeenRequests()).toHaveLength(1);
    expect(h.client.circuitState).toBe('open');
  });

  it('a health probe is not the half-open probe: only an API call closes the circuit after the break', async () => {
    const h = connect();
    await mock.forGet('/api/tasks').once().thenReply(503, 'overloaded');
    await mock.forGet('/api/tasks').once().thenReply(503, 'overloaded');
    await mock.forGet('/api/tasks').thenJson(200, []);
    await healthAnswer(h, 3);
    await expect(h.client.getTasks()).rejects.toThrow();
    await expect(h.client.getTasks()).rejects.toThrow();
    h.clock.increment(10_000);
    expect(h.client.circuitState).toBe('halfOpen');

    await expect(h.client.getConnectionHealth()).resolves.toMatchObject({ isHealthy: true, circuitBreakerOpen: true });
    expect(h.client.circuitState).toBe('halfOpen');
    await expect(h.client.getTasks()).resolves.toEqual([]);
    expect(h.client.circuitState).toBe('closed');
  });

  it('failing health probes never trip the breaker: it counts API calls only', async () => {
    const h = connect();
    await mock.forGet('/api/health').thenReply(503, 'down');
    for (let i = 0; i < 4; i += 1) {
      await expect(h.client.getConnectionHealth()).resolves.toMatchObject({ isHealthy: false, circuitBreakerOpen: false });
    }
    expect(h.client.circuitState).toBe('closed');
  });

  it('never throws: a refused connection is an unhealthy report, and so is a disposed client', async () => {
    const port = mock.port;
    await mock.stop();
    const h = simulatedClient(`http://127.0.0.1:${port}`);
    harness = h;
    const down = await h.client.getConnectionHealth();
    expect(down).toMatchObject({ isHealthy: false, failureCount: 1, serverVersion: '' });
    expect(down.lastError).toContain('ECONNREFUSED');
    await h.client.dispose();
    await expect(h.client.getConnectionHealth()).resolves.toMatchObject({ isHealthy: false, responseTimeMs: 0 });
    await expect(h.client.testConnection()).resolves.toBe(false);
    await mock.start(port);
  });
});
