import { describe, expect, it } from 'vitest';
import { InFlightCalls } from '../../../src/util/InFlightCalls.js';

describe('InFlightCalls', () => {
  it('aborts every running call with the reason and waits until they have all settled', async () => {
    const calls = new InFlightCalls();
    const settled: string[] = [];
    const waitForAbort = (name: string) => calls.run((signal) => new Promise<void>((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        settled.push(name);
        reject(signal.reason as Error);
      }, { once: true });
    }));
    const first = waitForAbort('a');
    const second = waitForAbort('b');
    expect(calls.size).toBe(2);
    const reason = new Error('disposed');
    await calls.abortAll(reason);
    expect(settled).toEqual(['a', 'b']);
    await expect(first).rejects.toBe(reason);
    await expect(second).rejects.toBe(reason);
    expect(calls.size).toBe(0);
  });

  it('forgets a call once it settles, whether it resolved or rejected', async () => {
    const calls = new InFlightCalls();
    await calls.run(() => Promise.resolve(1));
    await calls.run(() => Promise.reject(new Error('x'))).catch(() => undefined);
    expect(calls.size).toBe(0);
  });

  it('hands later calls a signal that is already aborted', async () => {
    const calls = new InFlightCalls();
    await calls.abortAll(new Error('gone'));
    await expect(calls.run((signal) => Promise.resolve(signal.aborted))).resolves.toBe(true);
  });

  it('lets more than ten calls listen on the shared signal without a leak warning', async () => {
    const calls = new InFlightCalls();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const running = Array.from({ length: 20 }, () => calls.run((signal) => new Promise<void>((resolve) => {
        signal.addEventListener('abort', () => resolve(), { once: true });
      })));
      await calls.abortAll(new Error('done'));
      await Promise.all(running);
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
