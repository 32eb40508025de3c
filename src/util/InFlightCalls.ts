import { setMaxListeners } from 'node:events';

/**
 * The calls an Enhanced client has running. They share ONE AbortSignal, which `abortAll` aborts: creating an
 * AbortSignal per call costs about as much as the breaker's whole bookkeeping, and the hot path must stay
 * within a few percent of a bare axios call.
 */
export class InFlightCalls {
  private readonly controller = new AbortController();
  private readonly running = new Set<Promise<unknown>>();

  constructor() {
    // Each running attempt listens on the shared signal for as long as it runs: no cap on how many do.
    setMaxListeners(0, this.controller.signal);
  }

  /** Calls running now. */
  get size(): number {
    return this.running.size;
  }

  /** Runs `call` with the shared signal; forgets it when it settles. */
  run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const promise = call(this.controller.signal);
    this.running.add(promise);
    const forget = () => {
      this.running.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Aborts every running call, and every later one, with `reason`; resolves when the running ones have settled. */
  async abortAll(reason: Error): Promise<void> {
    this.controller.abort(reason);
    await Promise.allSettled([...this.running]);
  }
}
