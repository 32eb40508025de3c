/**
 * The abort signal one attempt hands to axios, in place of an AbortController's signal.
 *
 * Why not AbortController: on Node 20 creating an AbortSignal costs about 7 µs (more than the breaker's whole
 * bookkeeping), and every `addEventListener` on a caller's long-lived signal walks the listeners already there,
 * so with 64 calls in flight each attempt paid for the other 63. This is the part of the signal axios reads
 * (`aborted`, `addEventListener('abort')`, `removeEventListener`), and a caller's signal is followed through
 * {@link followAbort}: one listener per caller signal, however many attempts run under it.
 */
export class AttemptSignal {
  aborted = false;
  /** Why it was aborted: what `abort` was given. */
  reason: unknown = undefined;
  private listeners: (() => void)[] = [];

  /** Axios registers one `abort` listener per request; it is called once, with no argument. */
  addEventListener(type: string, listener: () => void): void {
    if (type === 'abort' && !this.aborted) this.listeners.push(listener);
  }

  removeEventListener(type: string, listener: () => void): void {
    if (type !== 'abort') return;
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }

  /** Aborts once with `reason`; later calls are ignored, so the first cause (timeout or caller) is the one kept. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}

/** The attempts following each caller signal; one `abort` listener per signal fans out to all of them. */
const followers = new WeakMap<AbortSignal, Set<AttemptSignal>>();

/**
 * Aborts `attempt` with the signal's reason when `signal` aborts, until {@link unfollowAbort}. The first attempt
 * under a signal adds the signal's only listener (`once`); it lives as long as the signal, holding an empty set
 * between attempts, and adds nothing for later attempts.
 */
export function followAbort(signal: AbortSignal, attempt: AttemptSignal): void {
  if (signal.aborted) {
    attempt.abort(signal.reason);
    return;
  }
  let attempts = followers.get(signal);
  if (attempts === undefined) {
    const created = new Set<AttemptSignal>();
    attempts = created;
    followers.set(signal, created);
    signal.addEventListener('abort', () => {
      for (const follower of created) follower.abort(signal.reason);
      created.clear();
    }, { once: true });
  }
  attempts.add(attempt);
}

/** Stops `attempt` following `signal`. */
export function unfollowAbort(signal: AbortSignal, attempt: AttemptSignal): void {
  followers.get(signal)?.delete(attempt);
}
