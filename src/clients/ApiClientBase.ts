import type { ApiClient, ConnectionHealthStatus } from '../api/ApiClient.js';
import { apiOperationNames, stampArgs } from '../api/operations/index.js';
import type { ApiMethod, ApiMethods, ApiOperationName, OperationArgs, OperationName, OperationResult } from '../api/operations/index.js';

// Declaration merging: the class gets the API's methods, which the static block below puts on its prototype.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ApiClientBase extends ApiMethods {}

/**
 * The API methods, one route per operation of the catalog into {@link ApiClientBase.invoke}, so a client
 * implements the resilience once (in `invoke`) and the API surface is declared once (in `OperationCatalog`).
 * Each method completes its arguments once per call (`stampArgs`: e.g. `sendDebugMessage`'s timestamp) so every
 * attempt sends the same request.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class ApiClientBase implements ApiClient {
  abstract readonly baseUrl: string;

  /** @param now the clock stamping `sendDebugMessage` timestamps (and whatever the subclass times). */
  protected constructor(protected readonly now: () => number) {}

  /** Runs one call of `operation` with the client's policy; rejects with a typed error. */
  protected abstract invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>>;
  abstract testConnection(): Promise<boolean>;
  abstract getConnectionHealth(): Promise<ConnectionHealthStatus>;
  abstract dispose(): Promise<void>;

  static {
    for (const name of apiOperationNames) {
      Object.defineProperty(ApiClientBase.prototype, name, { value: ApiClientBase.route(name), writable: true, configurable: true });
    }
  }

  private static route<N extends ApiOperationName>(operation: N): ApiMethod<N> {
    const method = function (this: ApiClientBase, ...args: OperationArgs<N>): Promise<OperationResult<N>> {
      return this.invoke(operation, stampArgs(operation, args, this.now()));
    };
    // Named after its operation, so stack traces and profiles read `getTasks`, not an anonymous function.
    return Object.defineProperty(method, 'name', { value: operation });
  }
}
