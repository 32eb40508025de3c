import type { ApiClient } from '../api/ApiClient.js';
import { isolationHandle } from '../clients/IsolationHandle.js';
import type { IsolationHandle } from '../clients/IsolationHandle.js';
import { BrokenCircuitError } from '../errors/BrokenCircuitError.js';
import { breakerControlsOf } from './clientControls.js';
import type { ConnectionLog } from './options.js';

interface HeldIsolation {
  readonly reason: string;
  /** The isolation on the current client's breaker; undefined for a client without one. */
  onClient: IsolationHandle | undefined;
}

/**
 * The isolations a connection's users hold (`manager.isolate(reason)`), kept across client swaps: each is an
 * isolation of the current client's breaker, taken again on every client that takes over, so a recovery or a
 * switch never lets calls out behind an isolation still held. A client without a breaker (the Standard client)
 * cannot be isolated; while any isolation is held the connection refuses its API calls itself
 * ({@link ConnectionIsolations.refusal}).
 */
export class ConnectionIsolations {
  private readonly held = new Set<HeldIsolation>();

  constructor(
    private readonly current: () => ApiClient,
    private readonly log: ConnectionLog,
  ) {}

  /** How many isolations are held now. */
  get count(): number {
    return this.held.size;
  }

  /** The reasons of the isolations held now, oldest first. */
  get reasons(): readonly string[] {
    return [...this.held].map((isolation) => isolation.reason);
  }

  /** Isolates the current client (and every later one) until the handle is disposed. `reason` is checked already. */
  isolate(reason: string): IsolationHandle {
    const isolation: HeldIsolation = { reason, onClient: this.isolateClient(this.current(), reason) };
    this.held.add(isolation);
    this.log.warn(`Connection isolated by hand (${reason}); ${this.held.size} isolation(s) held`);
    return isolationHandle(reason, () => {
      this.held.delete(isolation);
      isolation.onClient?.dispose();
      this.log.info(`Connection isolation ended (${reason}); ${this.held.size} still held`);
    });
  }

  /** A new client took over: every isolation held is taken on it (the previous client is retiring). */
  moveTo(client: ApiClient): void {
    for (const isolation of this.held) isolation.onClient = this.isolateClient(client, isolation.reason);
  }

  /** Why an API call must be refused now (an isolation held over a client without a breaker), else null. */
  refusal(operation: string): BrokenCircuitError | null {
    if (this.held.size === 0 || breakerControlsOf(this.current()) !== undefined) return null;
    return new BrokenCircuitError(0, operation);
  }

  /** Every isolation ends with the connection (its handles become no-ops). */
  clear(): void {
    this.held.clear();
  }

  private isolateClient(client: ApiClient, reason: string): IsolationHandle | undefined {
    return breakerControlsOf(client)?.isolate(reason);
  }
}
