/** A signal that aborts when either of two does, and the way to detach it once the work is over. */
export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** Removes the listeners from both sources; call it when the work the signal guards has settled. */
  unlink(): void;
}

/**
 * Links two signals: the result aborts with the reason of whichever aborts first. Unlike `AbortSignal.any`, the
 * listeners are removed explicitly, so a long-lived source never accumulates them.
 */
export function linkSignals(first: AbortSignal, second: AbortSignal): LinkedSignal {
  const controller = new AbortController();
  const fromFirst = () => controller.abort(first.reason);
  const fromSecond = () => controller.abort(second.reason);
  const unlink = () => {
    first.removeEventListener('abort', fromFirst);
    second.removeEventListener('abort', fromSecond);
  };
  if (first.aborted) fromFirst();
  else if (second.aborted) fromSecond();
  else {
    first.addEventListener('abort', fromFirst, { once: true });
    second.addEventListener('abort', fromSecond, { once: true });
  }
  return { signal: controller.signal, unlink };
}
