/**
 * The calls a client has running, each with its own AbortController, so `dispose()` can abort them all with
 * one typed reason and wait until every one has settled.
 */
export class InFlightCalls {
  private readonly running = new Map<AbortController, Promise<unknown>>();

  /** Calls running now. */
  get size(): number {
    return this.running.size;
  }

  /** Runs `call` with a signal that {@link InFlightCalls.abortAll} aborts; forgets it when it settles. */
  run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const promise = call(controller.signal).finally(() => this.running.delete(controller));
    this.running.set(controller, promise);
    return promise;
  }

  /** Aborts every running call with `reason` and resolves when all have settled (whatever their outcome). */
  async abortAll(reason: Error): Promise<void> {
    const pending = [...this.running.entries()];
    for (const [controller] of pending) controller.abort(reason);
    await Promise.allSettled(pending.map(([, promise]) => promise));
  }
}
