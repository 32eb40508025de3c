import { getLocal } from 'mockttp';
import type { Mockttp } from 'mockttp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BreakerEmitted } from '../../../machines/breaker/types.js';
import type { ConnectionOptions } from '../../../src/config/types.js';
import { BrokenCircuitError, HttpStatusError } from '../../../src/errors/index.js';
import { rejection, simulatedClient } from './support/simulatedClient.js';
import type { SimulatedClient } from './support/simulatedClient.js';

let mock: Mockttp;
let harness: SimulatedClient | undefined;
let emitted: BreakerEmitted[];

/** Opens after 3 transient failures (among at least 3 calls); a 2 s break; no retries unless asked. */
const breaker: Partial<ConnectionOptions> = {
  circuitBreakerFailureThreshold: 3, circuitBreakerMinimumThroughput: 3, circuitBreakerBreakDurationSeconds: 2,
  maxRetryAttempts: 0,
};

function connect(connection: Partial<ConnectionOptions> = {}): SimulatedClient {
  harness = simulatedClient(`http://127.0.0.1:${mock.port}`, { ...breaker, ...connection });
  emitted = [];
  harness.client.breaker.on('*', (event) => emitted.push(event));
  return harness;
}

async function failTimes(client: SimulatedClient['client'], times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) await expect(client.getTasks()).rejects.toBeInstanceOf(HttpStatusError);
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

describe('EnhancedApiClient: circuit breaker', () => {
  it('opens after the configured transient failures and then refuses at once, sending nothing, with retryAfterMs', async () => {
    const { client, clock } = connect();
    const endpoint = await mock.forGet('/api/tasks').thenReply(503, 'down');
    await failTimes(client, 2);
    expect(client.circuitState).toBe('closed');
    await failTimes(client, 1);
    expect(client.circuitState).toBe('open');
    expect(emitted).toMatchObject([{ type: 'breaker.opened', breakMs: 2000, failure: { status: 503 } }]);

    clock.increment(500);
    const refused = await rejection(client.getTasks());
    expect(refused).toBeInstanceOf(BrokenCircuitError);
    expect(refused).toMatchObject({ code: 'ERR_CIRCUIT_OPEN', operation: 'getTasks', retryAfterMs: 1500 });
    await expect(client.getAvailableNodes()).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(await endpoint.getSeenRequests()).toHaveLength(3);
  });

  it('lets one half-open probe through after the break; its success closes the circuit', async () => {
    const { client, clock } = connect();
    await mock.forGet('/api/tasks').times(3).thenReply(503, '');
    const healthy = await mock.forGet('/api/tasks').thenJson(200, []);
    await failTimes(client, 3);
    clock.increment(2000);
    expect(client.circuitState).toBe('halfOpen');

    await expect(client.getTasks()).resolves.toEqual([]);
    expect(client.circuitState).toBe('closed');
    expect(emitted.map((event) => event.type)).toEqual(['breaker.opened', 'breaker.halfOpen', 'breaker.closed']);
    expect(await healthy.getSeenRequests()).toHaveLength(1);
  });

  it('refuses every other call while the half-open probe is in flight', async () => {
    const { client, clock } = connect();
    await mock.forGet('/api/tasks').times(3).thenReply(503, '');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived = 0;
    await mock.forGet('/api/tasks').thenCallback(async () => {
      arrived += 1;
      await held;
      return { statusCode: 200, json: [] };
    });
    await failTimes(client, 3);
    clock.increment(2000);

    const probe = client.getTasks();
    await vi.waitFor(() => expect(arrived).toBe(1));
    await expect(client.getTasks()).rejects.toMatchObject({ code: 'ERR_CIRCUIT_OPEN', retryAfterMs: 2000 });
    release();
    await expect(probe).resolves.toEqual([]);
    expect(client.circuitState).toBe('closed');
    expect(arrived).toBe(1);
  });

  it('reopens with a doubled break when the half-open probe fails', async () => {
    const { client, clock } = connect();
    await mock.forGet('/api/tasks').thenReply(503, '');
    await failTimes(client, 3);
    clock.increment(2000);
    await failTimes(client, 1);
    expect(client.circuitState).toBe('open');
    expect(emitted.at(-1)).toMatchObject({ type: 'breaker.opened', breakMs: 4000 });
    await expect(client.getTasks()).rejects.toMatchObject({ retryAfterMs: 4000 });
  });

  it('does not count a 400 toward opening', async () => {
    const { client } = connect();
    await mock.forGet('/api/tasks').thenReply(400, 'bad');
    await failTimes(client, 6);
    expect(client.circuitState).toBe('closed');
  });

  it('never opens when EnableCircuitBreaker is false', async () => {
    const { client } = connect({ enableCircuitBreaker: false });
    await mock.forGet('/api/tasks').thenReply(503, '');
    await failTimes(client, 6);
    expect(client.circuitState).toBe('closed');
  });

  it('fails a retry at once as BrokenCircuitError when the breaker opened meanwhile, sending no more requests', async () => {
    const { client, passBackoff } = connect({
      maxRetryAttempts: 3, circuitBreakerFailureThreshold: 1, circuitBreakerMinimumThroughput: 1, circuitBreakerBreakDurationSeconds: 60,
    });
    const endpoint = await mock.forGet('/api/tasks').thenReply(503, '');
    const call = rejection(client.getTasks());
    expect(await passBackoff(1)).toBe(100);
    const error = await call;
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect(error).toMatchObject({ operation: 'getTasks', retryAfterMs: 59_900 });
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
  });

  it('holds the circuit open as long as a 503 Retry-After asks, capped by RetryAfterMaxSeconds', async () => {
    const { client } = connect({ circuitBreakerFailureThreshold: 1, circuitBreakerMinimumThroughput: 1, retryAfterMaxSeconds: 10 });
    await mock.forGet('/api/tasks').thenReply(503, '', { 'Retry-After': '120' });
    await failTimes(client, 1);
    await expect(client.getTasks()).rejects.toMatchObject({ retryAfterMs: 10_000 });
  });

  it('isolate() refuses every call until its handle is disposed, with retryAfterMs 0', async () => {
    const { client } = connect();
    const endpoint = await mock.forGet('/api/tasks').thenJson(200, []);
    const handle = client.isolate('server maintenance');
    expect(client.circuitState).toBe('isolated');
    expect(handle).toMatchObject({ reason: 'server maintenance', active: true });
    await expect(client.getTasks()).rejects.toMatchObject({ code: 'ERR_CIRCUIT_OPEN', retryAfterMs: 0 });
    handle.dispose();
    expect(handle.active).toBe(false);
    expect(client.circuitState).toBe('closed');
    await expect(client.getTasks()).resolves.toEqual([]);
    expect(await endpoint.getSeenRequests()).toHaveLength(1);
    expect(emitted).toMatchObject([{ type: 'breaker.isolated', reason: 'server maintenance' }, { type: 'breaker.closed' }]);
  });

  it('stays isolated while any handle is held: disposing one (twice) leaves the other in force', async () => {
    const { client } = connect();
    await mock.forGet('/api/tasks').thenJson(200, []);
    const maintenance = client.isolate('maintenance');
    const deploy = client.isolate('deploy');
    expect(client.isolations.map((isolation) => isolation.reason)).toEqual(['maintenance', 'deploy']);
    maintenance.dispose();
    maintenance.dispose();
    expect(client.circuitState).toBe('isolated');
    expect(client.isolations.map((isolation) => isolation.reason)).toEqual(['deploy']);
    await expect(client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
    deploy.dispose();
    expect(client.circuitState).toBe('closed');
    await expect(client.getTasks()).resolves.toEqual([]);
    expect(emitted.map((event) => event.type)).toEqual(['breaker.isolated', 'breaker.closed']);
  });

  it('resetCircuit() while isolated forgets the failures but does not end the isolation', async () => {
    const { client } = connect();
    await mock.forGet('/api/tasks').thenReply(503, 'down');
    await failTimes(client, 2);
    const handle = client.isolate('maintenance');
    client.resetCircuit();
    expect(client.circuitState).toBe('isolated');
    await expect(client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
    handle.dispose();
    // The two failures before the isolation are forgotten: two more do not open it, a third does.
    await failTimes(client, 2);
    expect(client.circuitState).toBe('closed');
    await failTimes(client, 1);
    expect(client.circuitState).toBe('open');
  });

  it('resetCircuit() closes an open circuit at once', async () => {
    const { client } = connect();
    await mock.forGet('/api/tasks').thenReply(503, 'down');
    await failTimes(client, 3);
    expect(client.circuitState).toBe('open');
    client.resetCircuit();
    expect(client.circuitState).toBe('closed');
  });

  it('rejects a reason that is not one line of text, naming it', () => {
    const { client } = connect();
    expect(() => client.isolate('')).toThrow(/isolate: invalid argument reason: expected a non-empty text/);
    expect(() => client.isolate('a\nb')).toThrow(/expected one line of at most 200 characters/);
    expect(client.circuitState).toBe('closed');
  });

  it('carries on from a persisted breaker snapshot: an open circuit stays open for the rest of its break', async () => {
    const first = connect();
    await mock.forGet('/api/tasks').thenReply(503, '');
    await failTimes(first.client, 3);
    const snapshot = first.client.breaker.getPersistedSnapshot();
    await first.client.dispose();

    const second = simulatedClient(`http://127.0.0.1:${mock.port}`, breaker, { breakerSnapshot: snapshot });
    harness = second;
    second.clock.set(first.clock.now() + 500);
    expect(second.client.circuitState).toBe('open');
    await expect(second.client.getTasks()).rejects.toMatchObject({ retryAfterMs: 1500 });
  });
});
