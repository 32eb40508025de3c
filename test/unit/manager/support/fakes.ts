import type { ClientType } from '../../../../machines/types.js';
import type { ConnectionHealthStatus } from '../../../../src/api/ApiClient.js';
import { ApiClientBase } from '../../../../src/clients/ApiClientBase.js';
import type { OperationArgs, OperationName, OperationResult } from '../../../../src/api/operations/index.js';
import { ClientDisposedError, NetworkError } from '../../../../src/errors/index.js';
import type { ClientFactory } from '../../../../src/manager/options.js';

interface Held { resolve(): void; reject(error: Error): void }

/** The server the fake clients talk to: whether it is up, and whether it holds calls until released. */
export class FakeServer {
  up = true;
  /** Calls (not health probes) wait until `release()`. */
  holdCalls = false;
  /** Health probes wait until `releaseHealth()` (or until their client is disposed). */
  holdHealth = false;
  readonly heldHealth: (() => void)[] = [];
  /** Types whose health probes fail even while the server is up. */
  readonly brokenTypes = new Set<ClientType>();
  readonly held: Held[] = [];

  release(): void {
    for (const call of this.held.splice(0)) call.resolve();
  }

  releaseHealth(): void {
    this.holdHealth = false;
    for (const resolve of this.heldHealth.splice(0)) resolve();
  }
}

type Listener = (event: { type: string }) => void;

/** A breaker actor's `on`, for the Enhanced-like fake. */
export class FakeBreaker {
  private readonly listeners = new Map<string, Set<Listener>>();

  on(type: string, listener: Listener): { unsubscribe(): void } {
    const set = this.listeners.get(type) ?? new Set<Listener>();
    this.listeners.set(type, set);
    set.add(listener);
    return { unsubscribe: () => set.delete(listener) };
  }

  emit(type: string): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener({ type });
  }

  get listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

/** An ApiClient over a {@link FakeServer}; records what it served and when it was disposed. */
export class FakeClient extends ApiClientBase {
  readonly served: string[] = [];
  running = 0;
  disposed = false;
  /** Calls still running when `dispose()` was called (null until then). */
  inFlightAtDispose: number | null = null;
  healthChecks = 0;
  failureCount = 0;
  private readonly hungHealth: (() => void)[] = [];
  private readonly mine: Held[] = [];

  constructor(
    readonly type: ClientType,
    readonly baseUrl: string,
    private readonly server: FakeServer,
    readonly breaker?: FakeBreaker,
  ) {
    super(() => 0);
  }

  testConnection(): Promise<boolean> {
    return this.getConnectionHealth().then((health) => health.isHealthy);
  }

  async getConnectionHealth(): Promise<ConnectionHealthStatus> {
    const status = (isHealthy: boolean, lastError: string | null): ConnectionHealthStatus => ({
      isHealthy, responseTimeMs: 4, lastError, lastChecked: 0, circuitBreakerOpen: false, failureCount: this.failureCount, serverVersion: isHealthy ? '3.1.0' : '',
    });
    if (this.disposed) return status(false, 'disposed');
    this.healthChecks += 1;
    if (this.server.holdHealth) {
      await new Promise<void>((resolve) => {
        this.server.heldHealth.push(resolve);
        this.hungHealth.push(resolve);
      });
    }
    if (this.disposed) return status(false, 'disposed');
    const healthy = this.server.up && !this.server.brokenTypes.has(this.type);
    return status(healthy, healthy ? null : 'connect ECONNREFUSED 127.0.0.1:5289');
  }

  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    this.inFlightAtDispose = this.running;
    for (const resolve of this.hungHealth.splice(0)) resolve();
    for (const call of this.mine.splice(0)) call.reject(new ClientDisposedError());
    return Promise.resolve();
  }

  protected async invoke<N extends OperationName>(operation: N, _args: OperationArgs<N>): Promise<OperationResult<N>> {
    if (this.disposed) throw new ClientDisposedError(operation);
    this.running += 1;
    try {
      if (this.server.holdCalls) {
        await new Promise<void>((resolve, reject) => {
          const held = { resolve, reject };
          this.server.held.push(held);
          this.mine.push(held);
        });
      }
      if (!this.server.up) throw new NetworkError(operation, 'ECONNREFUSED', 'connect ECONNREFUSED', true);
      this.served.push(operation);
      if (operation !== 'sendHeartbeat') throw new Error(`FakeClient serves sendHeartbeat only, not ${operation}`);
      return true;
    } finally {
      this.running -= 1;
    }
  }
}

/** A factory of fake clients (the Enhanced-like ones carry a breaker), remembering each one it made. */
export function fakeFactory(server: FakeServer): { createClient: ClientFactory; created: FakeClient[]; types: () => ClientType[] } {
  const created: FakeClient[] = [];
  return {
    created,
    types: () => created.map((client) => client.type),
    createClient: (type, baseUrl) => {
      const client = new FakeClient(type, baseUrl, server, type === 'enhanced' ? new FakeBreaker() : undefined);
      created.push(client);
      return client;
    },
  };
}
