import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { AttemptSignal, followAbort, unfollowAbort } from '../../../src/http/AttemptSignal.js';

describe('AttemptSignal', () => {
  it('calls its abort listeners once, keeping the first reason', () => {
    const signal = new AttemptSignal();
    const listener = vi.fn();
    signal.addEventListener('abort', listener);
    signal.abort('timeout');
    signal.abort('caller');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('timeout');
  });

  it('does not call a listener removed before the abort', () => {
    const signal = new AttemptSignal();
    const listener = vi.fn();
    signal.addEventListener('abort', listener);
    signal.removeEventListener('abort', listener);
    signal.abort('timeout');
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('followAbort', () => {
  it('aborts every attempt following a caller signal with its reason, through one listener on that signal', () => {
    const caller = new AbortController();
    const attempts = [new AttemptSignal(), new AttemptSignal(), new AttemptSignal()];
    for (const attempt of attempts) followAbort(caller.signal, attempt);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    const reason = new Error('disposed');
    caller.abort(reason);
    expect(attempts.map((a) => a.reason)).toEqual([reason, reason, reason]);
  });

  it('leaves an attempt that stopped following alone', () => {
    const caller = new AbortController();
    const done = new AttemptSignal();
    const running = new AttemptSignal();
    followAbort(caller.signal, done);
    followAbort(caller.signal, running);
    unfollowAbort(caller.signal, done);
    caller.abort(new Error('disposed'));
    expect(done.aborted).toBe(false);
    expect(running.aborted).toBe(true);
  });

  it('aborts at once an attempt that follows a signal already aborted', () => {
    const caller = new AbortController();
    caller.abort('gone');
    const attempt = new AttemptSignal();
    followAbort(caller.signal, attempt);
    expect(attempt.reason).toBe('gone');
  });
});
