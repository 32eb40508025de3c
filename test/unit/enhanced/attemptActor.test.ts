import { createActor } from 'xstate';
import { afterAll, describe, expect, it } from 'vitest';
import { retryMachine } from '../../../machines/retry.machine.js';
import type { RetryInput, RetryOutput } from '../../../machines/retry/types.js';
import { createAttemptActor, RetryCallRegistry } from '../../../src/actors/attemptActor.js';
import type { RetryCall } from '../../../src/actors/attemptActor.js';
import { startBreakerActor } from '../../../src/actors/breakerActor.js';
import { enhancedSettingsFrom } from '../../../src/clients/enhanced/settings.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { ClientDisposedError } from '../../../src/errors/ClientDisposedError.js';
import { HttpStatusError } from '../../../src/errors/HttpStatusError.js';
import { createHttpClient } from '../../../src/http/createHttpClient.js';

const settings = enhancedSettingsFrom({ baseRetryDelayMs: 0, maxRetryDelayMs: 0, enableJitter: false });
const down = { kind: 'server', transient: true, status: 503, message: 'getTasks: HTTP 503' } as const;
// Never contacted: every attempt here is refused before sending.
const http = createHttpClient({ baseUrl: 'http://127.0.0.1:9/' });
afterAll(() => http.pool.destroy());

function retryInput(): RetryInput {
  return { policy: settings.retryPolicy, firstFailure: down, at: 0, idempotent: true, hasIdempotencyKey: false, deadlineAt: 60_000 };
}

function newCall(signal = new AbortController().signal): RetryCall {
  return { operation: 'getTasks', args: [], idempotencyKey: undefined, signal, last: { failure: down, error: new HttpStatusError('getTasks', 503, '') }, attempt: 1, pending: new Set() };
}

async function run(options: { isolated?: boolean; active?: boolean; call?: RetryCall; register?: boolean }) {
  const breaker = startBreakerActor(settings.breaker, { now: () => 0 });
  if (options.isolated === true) breaker.send({ type: 'ISOLATE', at: 0 });
  const registry = new RetryCallRegistry();
  const attempt = createAttemptActor({ http, breaker, isActive: () => options.active ?? true, registry, now: () => 0 });
  const actor = createActor(retryMachine.provide({ actors: { attempt } }), { input: retryInput() });
  const call = options.call ?? newCall();
  if (options.register !== false) registry.register(actor.system, call);
  const done = new Promise<RetryOutput>((resolve) => actor.subscribe({ complete: () => resolve(actor.getSnapshot().output as RetryOutput) }));
  actor.start();
  const output = await done;
  breaker.stop();
  return { output, call };
}

describe('the attempt actor', () => {
  it('ends the loop without sending when the circuit is open, keeping a BrokenCircuitError as the last error', async () => {
    const { output, call } = await run({ isolated: true });
    expect(output).toMatchObject({ ok: false, attempts: 2, reason: 'nonTransient', failure: { kind: 'aborted', transient: false } });
    expect(call.last.error).toBeInstanceOf(BrokenCircuitError);
    expect(call.last.failure).toBe(output.ok ? undefined : output.failure);
  });

  it('ends the loop without sending once the client is disposed', async () => {
    const { output, call } = await run({ active: false });
    expect(output).toMatchObject({ ok: false, reason: 'nonTransient' });
    expect(call.last.error).toBeInstanceOf(ClientDisposedError);
  });

  it('fails the loop as attemptThrew when no call is registered for its retry actor', async () => {
    const { output } = await run({ register: false });
    expect(output).toMatchObject({ ok: false, reason: 'attemptThrew' });
  });
});
