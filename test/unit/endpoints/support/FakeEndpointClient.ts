import type { ConnectionHealthStatus } from '../../../../src/api/ApiClient.js';
import type { OperationArgs, OperationName, OperationResult } from '../../../../src/api/operations/index.js';
import { ApiClientBase } from '../../../../src/clients/ApiClientBase.js';
import { ClientDisposedError } from '../../../../src/errors/ClientDisposedError.js';

/** One call a fake endpoint received. */
export interface ReceivedCall {
  readonly url: string;
  readonly operation: OperationName;
  readonly args: readonly unknown[];
}

type Script = (operation: OperationName, args: readonly unknown[]) => unknown;

/** A tiny emitter standing in for the breaker actor's `on`. */
class FakeBreaker {
  private readonly listeners = new Map<string, Set<() => void>>();

  on(type: string, listener: () => void): { unsubscribe(): void } {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
    return { unsubscribe: () => set.delete(listener) };
  }

  emit(type: 'breaker.opened' | 'breaker.isolated' | 'breaker.halfOpen' | 'breaker.closed'): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }

  get listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

/**
 * An endpoint's client for the MultiEndpointClient's unit tests: answers each call with `script` (a value, or a
 * thrown error), records every call in the shared `log`, and has a breaker the test opens and closes by hand.
 */
export class FakeEndpointClient extends ApiClientBase {
  readonly breaker = new FakeBreaker();
  idempotencyKeyHonoured = false;
  healthy = true;
  disposed = false;
  script: Script = (operation) => (operation === 'getTasks' ? [] : null);

  constructor(readonly baseUrl: string, private readonly log: ReceivedCall[]) {
    super(() => 1_000);
  }

  protected invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
    if (this.disposed) return Promise.reject(new ClientDisposedError(operation));
    this.log.push({ url: this.baseUrl, operation, args });
    try {
      return Promise.resolve(this.script(operation, args) as OperationResult<N>);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  testConnection(): Promise<boolean> {
    return Promise.resolve(this.healthy);
  }

  getConnectionHealth(): Promise<ConnectionHealthStatus> {
    return Promise.resolve({
      isHealthy: this.healthy, responseTimeMs: this.healthy ? 5 : 0, lastError: this.healthy ? null : 'connect ECONNREFUSED',
      lastChecked: 1_000, circuitBreakerOpen: !this.healthy, failureCount: this.healthy ? 0 : 2, serverVersion: this.healthy ? '1.0.0' : '',
    });
  }

  dispose(): Promise<void> {
    this.disposed = true;
    return Promise.resolve();
  }
}
