import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientDisposedError, PoolTimeoutError } from '../../../src/errors/index.js';
import { AttemptSignal } from '../../../src/http/AttemptSignal.js';
import { SlotQueue } from '../../../src/http/SlotQueue.js';
import type { SlotQueueOptions } from '../../../src/http/SlotQueue.js';

let clock = 0;
let waits: [number, boolean][] = [];

beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
  waits = [];
});

afterEach(() => {
  vi.useRealTimers();
});

function queue(options: Partial<SlotQueueOptions> = {}): SlotQueue {
  return new SlotQueue({
    size: 2, timeoutMs: 1000, now: () => clock, onWaitEnded: (waitedMs, timedOut) => waits.push([waitedMs, timedOut]),
    ...options,
  });
}

/** Settles a promise into a value to assert on, without an unhandled rejection in between. */
function outcome(promise: Promise<void>): Promise<{ ok: true } | { ok: false; error: unknown }> {
  return promise.then(() => ({ ok: true as const }), (error: unknown) => ({ ok: false as const, error }));
}

describe('SlotQueue', () => {
  it('hands out `size` slots at once with no timer, then refuses until one is released', () => {
    const slots = queue();
    expect([slots.tryTake(), slots.tryTake(), slots.tryTake()]).toEqual([true, true, false]);
    expect(vi.getTimerCount()).toBe(0);
    slots.release();
    expect(slots.tryTake()).toBe(true);
    expect(slots.takenCount).toBe(2);
  });

  it('resolves a take that finds a free slot without a timer, a listener or a reported wait', async () => {
    const slots = queue();
    const signal = new AbortController().signal;
    await expect(slots.take(signal)).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    expect(waits).toEqual([]);
  });

  it('gives released slots to waiters in the order they came, reporting each wait', async () => {
    const slots = queue({ size: 1 });
    slots.tryTake();
    const order: string[] = [];
    const first = slots.take().then(() => order.push('first'));
    clock = 10;
    const second = slots.take().then(() => order.push('second'));
    expect(slots.waitingCount).toBe(2);
    clock = 30;
    slots.release();
    await first;
    expect(order).toEqual(['first']);
    clock = 50;
    slots.release();
    await second;
    expect(order).toEqual(['first', 'second']);
    expect(waits).toEqual([[30, false], [40, false]]);
    expect(slots.takenCount).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails a waiter still queued after timeoutMs with PoolTimeoutError, and takes no slot for it', async () => {
    const slots = queue({ size: 1 });
    slots.tryTake();
    const waited = outcome(slots.take());
    clock = 1000;
    await vi.advanceTimersByTimeAsync(999);
    expect(slots.waitingCount).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const result = await waited;
    expect(result).toEqual({ ok: false, error: expect.any(PoolTimeoutError) as PoolTimeoutError });
    expect(result.ok ? undefined : result.error).toMatchObject({ waitedMs: 1000, poolSize: 1, code: 'ERR_POOL_TIMEOUT' });
    expect(waits).toEqual([[1000, true]]);
    expect(slots.waitingCount).toBe(0);
    slots.release();
    expect(slots.takenCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits without a timer when timeoutMs is Infinity', async () => {
    const slots = queue({ size: 1, timeoutMs: Infinity });
    slots.tryTake();
    const waited = outcome(slots.take());
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(slots.waitingCount).toBe(1);
    slots.release();
    await expect(waited).resolves.toEqual({ ok: true });
  });

  it('removes a waiter whose signal aborts at once, rejecting with the reason and reporting no wait', async () => {
    const slots = queue({ size: 1 });
    slots.tryTake();
    const caller = new AbortController();
    const aborted = outcome(slots.take(caller.signal));
    const next = outcome(slots.take());
    const reason = new Error('caller gave up');
    caller.abort(reason);
    expect(slots.waitingCount).toBe(1);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    await expect(aborted).resolves.toEqual({ ok: false, error: reason });
    // The slot released next goes past the aborted waiter to the one behind it.
    slots.release();
    await expect(next).resolves.toEqual({ ok: true });
    expect(waits).toEqual([[0, false]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("follows an attempt's AttemptSignal and drops its listener once served", async () => {
    const slots = queue({ size: 1 });
    slots.tryTake();
    const attempt = new AttemptSignal();
    const listen = vi.spyOn(attempt, 'addEventListener');
    const unlisten = vi.spyOn(attempt, 'removeEventListener');
    const waited = slots.take(attempt);
    slots.release();
    await waited;
    expect(listen).toHaveBeenCalledTimes(1);
    expect(unlisten).toHaveBeenCalledWith('abort', listen.mock.calls[0]?.[1]);
  });

  it('rejects a take whose signal is already aborted without queueing it', async () => {
    const slots = queue({ size: 1 });
    slots.tryTake();
    const reason = new Error('already');
    await expect(slots.take(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(slots.waitingCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaks no slot through aborted waiters: after many, all `size` slots are still there', async () => {
    const slots = queue({ size: 2 });
    slots.tryTake();
    slots.tryTake();
    const callers = Array.from({ length: 20 }, () => new AbortController());
    const waiting = callers.map((caller) => outcome(slots.take(caller.signal)));
    for (const caller of callers) caller.abort(new Error('gone'));
    await Promise.all(waiting);
    slots.release();
    slots.release();
    expect(slots.takenCount).toBe(0);
    expect([slots.tryTake(), slots.tryTake(), slots.tryTake()]).toEqual([true, true, false]);
  });

  it('rejects every waiter and every later take with ClientDisposedError on close, leaving no timer', async () => {
    const slots = queue({ size: 1 });
    slots.tryTake();
    const caller = new AbortController();
    const waiting = [outcome(slots.take()), outcome(slots.take(caller.signal))];
    expect(vi.getTimerCount()).toBe(2);
    slots.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(slots.waitingCount).toBe(0);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    for (const result of await Promise.all(waiting)) {
      expect(result).toEqual({ ok: false, error: expect.any(ClientDisposedError) as ClientDisposedError });
    }
    await expect(slots.take()).rejects.toBeInstanceOf(ClientDisposedError);
    slots.release();
    expect(slots.tryTake()).toBe(false);
    expect(waits).toEqual([]);
    slots.close();
  });

  it('never counts below zero on a release with no slot taken', () => {
    const slots = queue({ size: 1 });
    slots.release();
    expect(slots.takenCount).toBe(0);
    expect([slots.tryTake(), slots.tryTake()]).toEqual([true, false]);
  });
});
