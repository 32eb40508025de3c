import type { ApiClient, ConnectionHealthStatus } from '../api/ApiClient.js';
import { apiOperationNames } from '../api/operations/index.js';
import type { ApiMethod, ApiMethods, ApiOperationName, OperationArgs, OperationResult } from '../api/operations/index.js';
import type { ManagedClient } from './ManagedClient.js';

// Declaration merging: the class gets the API's methods, which the static block below puts on its prototype.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ClientFacade extends ApiMethods {}

/**
 * The `ApiClient` a connection hands out: each call goes to the client that is current when the call starts
 * and stays on it until it settles (so a swap never cuts a call short), counted so the client it ran on is
 * disposed only after it finished. Holding on to the facade is safe across any number of swaps.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ClientFacade implements ApiClient {
  /**
   * @param current the client new calls go to now
   * @param disposeOwner what `dispose()` does: dispose the connection that owns this facade
   * @param refusal why an API call must be refused before it reaches the client (an isolation held over a client
   *   without a breaker), else null; health probes are never refused
   */
  constructor(
    private readonly current: () => ManagedClient,
    private readonly disposeOwner: () => Promise<void>,
    private readonly refusal: (operation: string) => Error | null = () => null,
  ) {}

  /** The current client's base URL. */
  get baseUrl(): string {
    return this.current().client.baseUrl;
  }

  private call<T>(use: (client: ApiClient) => Promise<T>): Promise<T> {
    return this.current().run(use);
  }

  testConnection(): Promise<boolean> {
    return this.call((c) => c.testConnection());
  }
  getConnectionHealth(): Promise<ConnectionHealthStatus> {
    return this.call((c) => c.getConnectionHealth());
  }
  /**
   * True when the current client takes its server to honour `Idempotency-Key` (its `IdempotencyKeySupport`, and
   * for `auto` the latest health answer); false for a client that does not say.
   */
  get idempotencyKeyHonoured(): boolean {
    const client: object = this.current().client;
    return 'idempotencyKeyHonoured' in client && client.idempotencyKeyHonoured === true;
  }

  /** Disposes the connection behind the facade (its actors and every client); later calls reject. */
  dispose(): Promise<void> {
    return this.disposeOwner();
  }

  static {
    for (const name of apiOperationNames) {
      Object.defineProperty(ClientFacade.prototype, name, { value: ClientFacade.forward(name), writable: true, configurable: true });
    }
  }

  private static forward<N extends ApiOperationName>(operation: N): ApiMethod<N> {
    const method = function (this: ClientFacade, ...args: OperationArgs<N>): Promise<OperationResult<N>> {
      const refused = this.refusal(operation);
      if (refused !== null) return Promise.reject(refused);
      return this.call((client) => {
        // Read through the mapped type, so the method's type is the operation's own.
        const methods: ApiMethods = client;
        const method: ApiMethod<N> = methods[operation];
        return method.apply(client, args);
      });
    };
    // Named after its operation, so stack traces and profiles read `getTasks`, not an anonymous function.
    return Object.defineProperty(method, 'name', { value: operation });
  }
}
