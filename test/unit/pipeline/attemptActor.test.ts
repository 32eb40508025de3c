import { createActor } from 'xstate';
import { afterAll, describe, expect, it } from 'vitest';
import { retryMachine } from '../../../machines/retry.machine.js';
import type { RetryInput, RetryOutput } from '../../../machines/retry/types.js';
import { createAttemptActor } from '../../../src/pipeline/attemptActor.js';
import { startBreakerActor } from '../../../src/pipeline/breakerActor.js';
import { RetryCall } from '../../../src/pipeline/RetryCall.js';
import { enhancedSettingsFrom } from '../../../src/pipeline/settings.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { ClientDisposedError } from '../../../src/errors/ClientDisposedError.js';
import { HttpStatusError } from '../../../src/errors/HttpStatusError.js';
import { createHttpClient } from '../../../src/http/createHttpClient.js';

const settings = enhancedSettingsFrom({ baseRetryDelayMs: 0, maxRetryDelayMs: 0, enableJitter: false });
const down = { kind: 'server', transient: true, status: 503, message: 'getTasks: HTTP 503' } as const;
const firstError = new HttpStatusError('getTasks', 503, '');
// Never contacted: every attempt here is refused before sending.
const http = createHttpClient({ baseUrl: 'http://127.0.0.1:9/' });
afterAll(() => http.pool.destroy());

async function run(options: { isolated?: boolean; active?: boolean; foreignCall?: boolean }) {
  const breaker = startBreakerActor(settings.breaker, { now: () => 0 });
  if (options.isolated === true) breaker.send({ type: 'ISOLATE', at: 0, id: 'test', reason: 'test' });
  const context = { http, breaker, isActive: () => options.active ?? true, now: () => 0 };
  const call = options.foreignCall === true
    ? { operation: 'getTasks' }
    : new RetryCall('getTasks', [], undefined, new AbortController().signal, undefined, context);
  const input: RetryInput = {
    policy: settings.retryPolicy, firstFailure: down, firstError, call, at: 0, idempotent: true, hasIdempotencyKey: false, keyHonoured: false, deadlineAt: 60_000,
  };
  const actor = createActor(retryMachine.provide({ actors: { attempt: createAttemptActor() } }), { input });
  const done = new Promise<RetryOutput>((resolve) => actor.subscribe({ complete: () => resolve(actor.getSnapshot().output as RetryOutput) }));
  actor.start();
  const output = await done;
  breaker.stop();
  return output;
}

describe('the attempt actor', () => {
  it('ends the loop without sending when the circuit is open; the output carries the BrokenCircuitError', async () => {
    const output = await run({ isolated: true });
    expect(output).toMatchObject({ ok: false, attempts: 2, reason: 'nonTransient', failure: { kind: 'aborted', transient: false } });
    expect(output.ok ? undefined : output.error).toBeInstanceOf(BrokenCircuitError);
  });

  it('ends the loop without sending once the client is disposed; the output carries the ClientDisposedError', async () => {
    const output = await run({ active: false });
    expect(output).toMatchObject({ ok: false, reason: 'nonTransient' });
    expect(output.ok ? undefined : output.error).toBeInstanceOf(ClientDisposedError);
  });

  it('fails the loop as attemptThrew when its input carries no RetryCall, keeping what it threw', async () => {
    const output = await run({ foreignCall: true });
    expect(output).toMatchObject({ ok: false, reason: 'attemptThrew' });
    expect(output.ok ? undefined : output.error).toBeInstanceOf(TypeError);
  });
});
