/** Arms a timer that calls `callback` after `ms`; returns the function that cancels it. */
export type Schedule = (callback: () => void, ms: number) => () => void;

/** The global timers, read at call time so vitest's fake timers drive them without injection. */
export const globalSchedule: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

/**
 * The one abortable wait of the library: resolves `true` after `ms`, or `false` as soon as `signal` aborts (at
 * once if it already has). The timer and the abort listener are gone either way, and it never rejects, so a loop
 * simply checks its flags after it. `schedule` lets an owner of timers (the task service) count and cancel it.
 */
export function sleep(ms: number, signal: AbortSignal, schedule: Schedule = globalSchedule): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = (): void => {
      cancel();
      resolve(false);
    };
    const cancel = schedule(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The reason a signal aborted with, as an Error (a non-Error reason is wrapped, never thrown bare). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}
