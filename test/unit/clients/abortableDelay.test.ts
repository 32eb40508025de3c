import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { abortableDelay } from '../../../src/clients/abortableDelay.js';
import { ClientDisposedError } from '../../../src/errors/index.js';

describe('abortableDelay', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after exactly the given time and leaves no timer', async () => {
    const controller = new AbortController();
    let done = false;
    const waiting = abortableDelay(1000, controller.signal).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the abort reason at once and clears its timer', async () => {
    const controller = new AbortController();
    const waiting = abortableDelay(60_000, controller.signal);
    controller.abort(new ClientDisposedError());
    await expect(waiting).rejects.toBeInstanceOf(ClientDisposedError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects without starting a timer when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new ClientDisposedError());
    await expect(abortableDelay(10, controller.signal)).rejects.toBeInstanceOf(ClientDisposedError);
    expect(vi.getTimerCount()).toBe(0);
  });
});
