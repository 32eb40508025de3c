import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { BreakerStateName } from '../../../machines/breaker/types.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import type { ConnectionInstrumentation } from '../../../src/metrics/ConnectionInstrumentation.js';
import { createInstrumentation } from '../../../src/metrics/createInstrumentation.js';
import { parseExposition, valueOf } from './support/exposition.js';

let instrumentation: ConnectionInstrumentation | undefined;
afterEach(async () => {
  await instrumentation?.dispose();
  instrumentation = undefined;
});

function setup(breaker: { state: BreakerStateName }) {
  const registry = new Registry();
  instrumentation = createInstrumentation({ metrics: { registry }, nodeId: 'n1' });
  if (instrumentation === undefined) throw new Error('expected an instrumentation');
  const observer = instrumentation.observe({ type: 'enhanced', baseUrl: 'http://127.0.0.1:9', breakerState: () => breaker.state });
  return { registry, observer, scrape: async () => parseExposition(await registry.metrics()) };
}

const failure = (kind: 'network' | 'timeout' | 'server' | 'rateLimited' | 'requestTimeout' | 'client' | 'poolTimeout', status?: number) =>
  ({ ok: false as const, failure: { kind, transient: true, message: kind, ...(status === undefined ? {} : { status }) }, error: { code: 'ERR_X' } });

describe('ObservedCall: what one call counts', () => {
  it('counts attempts, retries and each failed attempt by kind; the call once by its outcome', async () => {
    const { observer, scrape } = setup({ state: 'closed' });
    const call = observer.callStarted('getTasks');
    call.attempt(1, 0, failure('server', 503));
    call.attempt(2, 100, failure('rateLimited', 429));
    call.attempt(3, 200, { ok: true });
    call.succeeded();
    const labels = { node: 'n1', client: 'enhanced', operation: 'getTasks' };
    const parsed = await scrape();
    expect(valueOf(parsed, 'vcconn_attempts_total', labels)).toBe(3);
    expect(valueOf(parsed, 'vcconn_retries_total', labels)).toBe(2);
    expect(valueOf(parsed, 'vcconn_failures_total', { ...labels, kind: 'http_5xx' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_failures_total', { ...labels, kind: 'http_429' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_calls_total', { ...labels, outcome: 'success' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_call_duration_seconds_count', { ...labels, outcome: 'success' })).toBe(1);
  });

  it.each([
    ['network', 'network'], ['timeout', 'timeout'], ['client', 'http_4xx'], ['requestTimeout', 'http_4xx'], ['poolTimeout', 'pool_timeout'],
  ] as const)('labels a %s failure as %s', async (kind, label) => {
    const { observer, scrape } = setup({ state: 'closed' });
    const call = observer.callStarted('getAllNodes');
    call.attempt(1, 0, failure(kind));
    call.failed(new Error(kind));
    expect(valueOf(await scrape(), 'vcconn_failures_total', { kind: label })).toBe(1);
  });

  it('counts a call the open circuit refused before any attempt as one circuit_open failure, and no attempt', async () => {
    const { observer, scrape } = setup({ state: 'open' });
    const call = observer.callStarted('getTasks');
    call.failed(new BrokenCircuitError(1_000, 'getTasks'));
    const parsed = await scrape();
    expect(valueOf(parsed, 'vcconn_failures_total', { kind: 'circuit_open' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_calls_total', { outcome: 'failure' })).toBe(1);
    expect(parsed.samples.filter((sample) => sample.name === 'vcconn_attempts_total')).toEqual([]);
    expect(valueOf(parsed, 'vcconn_breaker_state', { node: 'n1', state: 'open' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_breaker_state', { node: 'n1', state: 'closed' })).toBe(0);
  });

  it('counts a retry the circuit refused as circuit_open, once, and not as an attempt sent', async () => {
    const { observer, scrape } = setup({ state: 'open' });
    const call = observer.callStarted('getTasks');
    call.attempt(1, 0, failure('server', 503));
    const refusal = new BrokenCircuitError(1_000, 'getTasks');
    call.attempt(2, 100, { ok: false, failure: { kind: 'aborted', transient: false, message: refusal.message }, error: refusal });
    call.failed(refusal);
    const parsed = await scrape();
    expect(valueOf(parsed, 'vcconn_failures_total', { kind: 'circuit_open' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_attempts_total')).toBe(1);
    expect(parsed.samples.filter((sample) => sample.name === 'vcconn_retries_total')).toEqual([]);
  });
});
