/** A wait between attempts that a dispose can cut short. */
export type Delay = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * Waits `ms` with `setTimeout` (so vitest fake timers drive it), or rejects with the signal's reason as soon
 * as `signal` aborts; either way the timer and the listener are gone afterwards.
 */
export const abortableDelay: Delay = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(toError(signal.reason));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(toError(signal.reason));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
