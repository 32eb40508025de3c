import { createActor, fromPromise, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { decorrelatedJitterBackoff, initialBackoffState } from '../../machines/backoff/index.js';
import type { AttemptInput, AttemptOutcome, RetryInput, RetryOutput, RetryPolicy } from '../../machines/retry/types.js';
import { retryMachine } from '../../machines/retry.machine.js';
import { RetryBudget } from '../../machines/retryBudget.js';
import type { CallFailure } from '../../machines/types.js';
import { failures } from './fixtures.js';

const policy: RetryPolicy = {
  maxRetryAttempts: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  jitterMode: 'none',
  retryAfterCapMs: 60_000,
  attemptTimeoutMs: 30_000,
};

/** Lets promise actors settle; no time passes on any clock. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Seen { attempt: number; timeoutMs: number; startedAt: number; aborted: () => boolean }

/** Runs a retry loop whose attempts answer from `script` (one entry per attempt; `'hang'` never settles). */
async function runRetry(
  script: ReadonlyArray<{ failure: CallFailure; after?: number } | { value: unknown; after?: number } | 'hang' | 'throw'>,
  input: Partial<RetryInput> = {},
  maxSteps = 20,
) {
  const clock = new SimulatedClock();
  const seen: Seen[] = [];
  const attempt = fromPromise<AttemptOutcome, AttemptInput>(({ input: attemptInput, signal }) => {
    const entry = script[seen.length];
    seen.push({ ...attemptInput, startedAt: clock.now(), aborted: () => signal.aborted });
    if (entry === undefined || entry === 'hang') return new Promise<AttemptOutcome>(() => undefined);
    if (entry === 'throw') return Promise.reject(new Error('bug in attempt'));
    clock.increment(entry.after ?? 0);
    const at = clock.now();
    return Promise.resolve('value' in entry ? { ok: true as const, value: entry.value, at } : { ok: false as const, failure: entry.failure, at });
  });
  const actor = createActor(retryMachine.provide({ actors: { attempt } }), {
    clock,
    input: { policy, firstFailure: failures.unavailable, at: 0, idempotent: true, hasIdempotencyKey: false, keyHonoured: false, deadlineAt: 1_000_000, ...input },
  }).start();
  for (let step = 0; step < maxSteps && actor.getSnapshot().status === 'active'; step++) {
    await flush();
    const value = actor.getSnapshot().value;
    if (value === 'backingOff') clock.increment(actor.getSnapshot().context.delayMs);
    if (value === 'attempting' && script[seen.length - 1] === 'hang') clock.increment(seen.at(-1)?.timeoutMs ?? 0);
  }
  return { output: actor.getSnapshot().output as RetryOutput, seen, actor };
}

describe('retry loop', () => {
  it('retries a 503 after base, then 2·base, and succeeds on the second retry', async () => {
    const { output, seen } = await runRetry([{ failure: failures.unavailable }, { value: 'tasks' }]);
    expect(output).toEqual({ ok: true, value: 'tasks', attempts: 3 });
    expect(seen.map((s) => [s.attempt, s.startedAt])).toEqual([[2, 1000], [3, 3000]]);
  });

  it('never retries a 400: fails at once with reason nonTransient and runs no attempt', async () => {
    const { output, seen } = await runRetry([], { firstFailure: failures.badRequest });
    expect(output).toEqual({ ok: false, failure: failures.badRequest, attempts: 1, reason: 'nonTransient' });
    expect(seen).toEqual([]);
  });

  it('stops at a 400 met during the retries', async () => {
    const { output } = await runRetry([{ failure: failures.badRequest }]);
    expect(output).toMatchObject({ ok: false, attempts: 2, reason: 'nonTransient', failure: failures.badRequest });
  });

  it('never retries a non-idempotent call whose request may have arrived, unless the server honours its key', async () => {
    const post = await runRetry([{ value: 1 }], { idempotent: false, hasIdempotencyKey: false });
    expect(post.output).toMatchObject({ ok: false, reason: 'outcomeUnknown', attempts: 1 });
    const keyed = await runRetry([{ value: 1 }], { idempotent: false, hasIdempotencyKey: true, keyHonoured: true });
    expect(keyed.output).toEqual({ ok: true, value: 1, attempts: 2 });
  });

  it('gives a key the server ignores no weight: the outcome is unknown after a lost answer', async () => {
    const { output, seen } = await runRetry([{ value: 1 }], {
      idempotent: false, hasIdempotencyKey: true, keyHonoured: false, firstFailure: failures.reset,
    });
    expect(output).toEqual({ ok: false, failure: failures.reset, attempts: 1, reason: 'outcomeUnknown' });
    expect(seen).toEqual([]);
  });

  it('retries a non-idempotent call whose failure proves it was never sent, and stops once one may have arrived', async () => {
    const post = { idempotent: false, hasIdempotencyKey: true, keyHonoured: false, firstFailure: failures.refused };
    const refusedThenOk = await runRetry([{ failure: failures.refused }, { value: 'created' }], post);
    expect(refusedThenOk.output).toEqual({ ok: true, value: 'created', attempts: 3 });
    const refusedThenReset = await runRetry([{ failure: failures.reset }, { value: 'never asked' }], post);
    expect(refusedThenReset.output).toEqual({ ok: false, failure: failures.reset, attempts: 2, reason: 'outcomeUnknown' });
    expect(refusedThenReset.seen).toHaveLength(1);
  });

  it('takes an attempt the machine timed out itself as possibly applied', async () => {
    const { output } = await runRetry(['hang'], {
      idempotent: false, hasIdempotencyKey: true, keyHonoured: false, firstFailure: failures.refused, policy: { ...policy, attemptTimeoutMs: 4000 },
    });
    expect(output).toMatchObject({ ok: false, reason: 'outcomeUnknown', attempts: 2, failure: { kind: 'timeout' } });
    expect(output.ok ? undefined : output.failure.neverSent).toBeUndefined();
  });

  it('gives up after MaxRetryAttempts retries (1 + 3 attempts in all)', async () => {
    const down = { failure: failures.refused };
    const { output, seen } = await runRetry([down, down, down, down]);
    expect(output).toEqual({ ok: false, failure: failures.refused, attempts: 4, reason: 'attemptsExhausted' });
    expect(seen.map((s) => s.startedAt)).toEqual([1000, 3000, 7000]);
  });

  it('waits a 429 Retry-After longer than the backoff, capped at RetryAfterMaxSeconds', async () => {
    const honoured = await runRetry([{ value: 1 }], { firstFailure: failures.tooManyRequests(5000) });
    expect(honoured.seen[0]?.startedAt).toBe(5000);
    const capped = await runRetry([{ value: 1 }], { firstFailure: failures.tooManyRequests(600_000), policy: { ...policy, retryAfterCapMs: 2000 } });
    expect(capped.seen[0]?.startedAt).toBe(2000);
  });

  it('bounds each attempt by what is left of the deadline and starts no retry that would reach it', async () => {
    const { output, seen } = await runRetry([{ failure: failures.unavailable, after: 200 }], { deadlineAt: 2500 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ startedAt: 1000, timeoutMs: 1500 });
    expect(output).toMatchObject({ ok: false, reason: 'deadline', attempts: 2 });
  });

  it('counts an attempt that outlives its timeout as a transient timeout, and aborts it', async () => {
    const { output, seen } = await runRetry(['hang', { value: 'late but fine' }], { policy: { ...policy, attemptTimeoutMs: 4000 } });
    expect(seen[0]?.timeoutMs).toBe(4000);
    expect(seen[0]?.aborted()).toBe(true);
    expect(seen[1]?.startedAt).toBe(1000 + 4000 + 2000);
    expect(output).toEqual({ ok: true, value: 'late but fine', attempts: 3 });
  });

  it('fails with reason attemptThrew when the attempt actor throws instead of resolving', async () => {
    const { output } = await runRetry(['throw']);
    expect(output).toMatchObject({ ok: false, reason: 'attemptThrew', attempts: 2, failure: { transient: false, message: 'bug in attempt' } });
  });

  it('stops retrying once the shared retry budget is at half, and spends and refills it', async () => {
    const budget = new RetryBudget({ maxTokens: 4, tokenRatio: 0.5 });
    budget.recordFailure(); // the caller recorded the first attempt's failure: 3 tokens left
    const down = { failure: failures.unavailable };
    const { output } = await runRetry([down, down], { budget });
    expect(output).toMatchObject({ ok: false, reason: 'budgetExhausted', attempts: 2 });
    expect(budget.tokens).toBe(2);
    budget.recordSuccess();
    expect(budget.canRetry()).toBe(true);
    const ok = await runRetry([{ value: 1 }], { budget });
    expect(ok.output).toMatchObject({ ok: true });
    expect(budget.tokens).toBe(3);
  });

  it('draws its jitter from the injected random source (decorrelated), rounded up to whole milliseconds', async () => {
    const { seen } = await runRetry([{ value: 1 }], { policy: { ...policy, jitterMode: 'decorrelated' }, random: () => 0.25 });
    const expected = decorrelatedJitterBackoff(initialBackoffState, { baseDelayMs: 1000, maxDelayMs: 30_000, random: () => 0.25 }).delayMs;
    expect(seen[0]?.startedAt).toBe(Math.ceil(expected));
  });
});
