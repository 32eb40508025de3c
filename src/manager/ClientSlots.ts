import type { ClientType } from '../../machines/types.js';
import type { ManagedClient } from './ManagedClient.js';

/** What {@link ClientSlots} tells its owner. */
export interface ClientSlotsHooks {
  /** A candidate took over from `previous`, which is now draining. */
  onCommitted(next: ManagedClient, previous: ManagedClient): void;
  /** A client's `dispose()` failed; the slots carry on. */
  onDisposeError(client: ManagedClient, error: unknown): void;
}

/**
 * The clients one connection holds: the current one (every new call goes to it), at most one candidate that
 * passed its test and waits to be committed, and the swapped-out ones still draining their calls.
 */
export class ClientSlots {
  private active: ManagedClient;
  private waiting: ManagedClient | null = null;
  private readonly draining = new Set<ManagedClient>();
  private readonly disposals = new Set<Promise<void>>();
  private commits = 0;
  private closed = false;

  constructor(initial: ManagedClient, private readonly hooks: ClientSlotsHooks) {
    this.active = initial;
  }

  /** The client new calls go to. */
  get current(): ManagedClient {
    return this.active;
  }

  /** The tested client waiting to be committed, or null. */
  get candidate(): ManagedClient | null {
    return this.waiting;
  }

  /** Swapped-out clients whose calls have not all finished yet. */
  get drainingCount(): number {
    return this.draining.size;
  }

  /** How many candidates have taken over so far. */
  get commitCount(): number {
    return this.commits;
  }

  /** Keeps `client` as the candidate; an earlier candidate that was never committed is disposed. */
  offer(client: ManagedClient): void {
    if (this.closed) {
      this.dispose(client);
      return;
    }
    if (this.waiting !== null && this.waiting !== client) this.dispose(this.waiting);
    this.waiting = client;
  }

  /** Drops `client` if it is still the candidate (its preparation was cancelled) and disposes it. */
  withdraw(client: ManagedClient): void {
    if (this.waiting !== client) return;
    this.waiting = null;
    this.dispose(client);
  }

  /**
   * The candidate of type `type` takes over: new calls go to it, and the previous client is disposed once its
   * calls have drained. Returns the new current client, or null when there is no such candidate.
   */
  commit(type: ClientType): ManagedClient | null {
    const next = this.waiting;
    if (next === null || next.type !== type || this.closed) return null;
    const previous = this.active;
    this.waiting = null;
    this.active = next;
    this.commits += 1;
    this.draining.add(previous);
    previous.retire().then(
      () => this.draining.delete(previous),
      (error: unknown) => {
        this.draining.delete(previous);
        this.hooks.onDisposeError(previous, error);
      },
    );
    this.hooks.onCommitted(next, previous);
    return next;
  }

  /** Disposes the candidate, if there is one. */
  discard(): void {
    const candidate = this.waiting;
    this.waiting = null;
    if (candidate !== null) this.dispose(candidate);
  }

  /**
   * Disposes every client at once (running calls reject with ClientDisposedError); later candidates are
   * disposed as soon as they are offered. Resolves when every client is disposed.
   */
  async disposeAll(): Promise<void> {
    this.closed = true;
    const clients = [this.active, ...this.draining, ...(this.waiting === null ? [] : [this.waiting])];
    this.waiting = null;
    for (const client of clients) this.dispose(client);
    await Promise.all([...this.disposals]);
  }

  private dispose(client: ManagedClient): void {
    const disposal = client.disposeNow().catch((error: unknown) => this.hooks.onDisposeError(client, error));
    this.disposals.add(disposal);
    void disposal.finally(() => this.disposals.delete(disposal));
  }
}
