import type { ClientType } from '../../machines/types.js';
import type { ApiClient } from '../api/ApiClient.js';

/**
 * One client the manager holds, with the count of calls it is running, so a client that has been swapped out
 * is disposed only once every call it took has finished.
 */
export class ManagedClient {
  private running = 0;
  private drainWaiters: (() => void)[] = [];
  private disposal: Promise<void> | undefined;

  constructor(
    /** Which kind of client this is. */
    readonly type: ClientType,
    /** The client itself. */
    readonly client: ApiClient,
    /** Called once the client's disposal has finished. */
    private readonly onDisposed: () => void = () => undefined,
  ) {}

  /** Calls running on this client now. */
  get inFlight(): number {
    return this.running;
  }

  /** True once {@link ManagedClient.retire} or {@link ManagedClient.disposeNow} was called. */
  get isRetired(): boolean {
    return this.disposal !== undefined;
  }

  /** Runs `call` against this client, counted until it settles. */
  run<T>(call: (client: ApiClient) => Promise<T>): Promise<T> {
    this.running += 1;
    let result: Promise<T>;
    try {
      result = call(this.client);
    } catch (error) {
      result = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return result.finally(() => {
      this.running -= 1;
      if (this.running === 0) this.notifyDrained();
    });
  }

  /** Resolves when no call is running (at once if none is). */
  drained(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Disposes the client once its calls have drained; the same promise on every call. */
  retire(): Promise<void> {
    this.disposal ??= this.drained().then(() => this.client.dispose()).finally(this.onDisposed);
    return this.disposal;
  }

  /** Disposes the client now: its running calls reject with ClientDisposedError. Resolves when that is done. */
  async disposeNow(): Promise<void> {
    const retiring = this.disposal;
    const disposing = this.client.dispose().finally(this.onDisposed);
    this.disposal ??= disposing;
    await Promise.all([disposing, retiring]);
  }

  private notifyDrained(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
