import { setMaxListeners } from 'node:events';
import http from 'node:http';
import axios from 'axios';
import type { AxiosInstance } from 'axios';
import {
  circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleAll, retry, timeout, TimeoutStrategy, wrap,
} from 'cockatiel';
import CircuitBreaker from 'opossum';
import { EnhancedApiClient } from '../../src/clients/EnhancedApiClient.js';
import { StandardApiClient } from '../../src/clients/StandardApiClient.js';
import { defaultConnectionOptions } from '../../src/config/defaults.js';
import { ConnectionManager } from '../../src/manager/ConnectionManager.js';
import type { VariantName } from './variantNames.js';

/** One way of calling `GET api/tasks`, measured against the others. */
export interface Variant {
  readonly name: VariantName;
  /** One call; resolves with the parsed task list. */
  call(): Promise<unknown>;
  dispose(): Promise<void>;
}

export { variantNames } from './variantNames.js';
export type { VariantName } from './variantNames.js';

const { connectionPoolSize, defaultTimeoutSeconds, maxRetryAttempts, circuitBreakerFailureThreshold, circuitBreakerBreakDurationSeconds } =
  defaultConnectionOptions;
const timeoutMs = defaultTimeoutSeconds * 1000;
const breakMs = circuitBreakerBreakDurationSeconds * 1000;

/**
 * Raw axios with the agent the library's pool builds by default (keep-alive, `maxSockets = ConnectionPoolSize`,
 * LIFO), parsing JSON as axios does by default: the baseline every variant is a ratio of.
 */
export function rawAxios(baseUrl: string): { instance: AxiosInstance; agent: http.Agent } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connectionPoolSize, scheduling: 'lifo' });
  return { instance: axios.create({ baseURL: `${baseUrl}/`, httpAgent: agent, proxy: false }), agent };
}

/** Builds a variant against `baseUrl`, with each library's defaults (timeout, retries, breaker as the seed's). */
export function createVariant(name: VariantName, baseUrl: string): Variant {
  switch (name) {
    case 'rawAxios': {
      const { instance, agent } = rawAxios(baseUrl);
      return { name, call: async () => (await instance.get<unknown>('api/tasks')).data, dispose: () => destroyed(agent) };
    }
    case 'standard': {
      const client = new StandardApiClient(baseUrl);
      return { name, call: () => client.getTasks(), dispose: () => client.dispose() };
    }
    case 'enhanced': {
      const client = new EnhancedApiClient(baseUrl);
      return { name, call: () => client.getTasks(), dispose: () => client.dispose() };
    }
    case 'manager': {
      const manager = new ConnectionManager({ baseUrl });
      return { name, call: () => manager.client.getTasks(), dispose: () => manager.dispose() };
    }
    case 'cockatiel': {
      const { instance, agent } = rawAxios(baseUrl);
      // The same three concerns as the Enhanced client, in cockatiel's recommended order.
      const policy = wrap(
        retry(handleAll, { maxAttempts: maxRetryAttempts, backoff: new ExponentialBackoff() }),
        circuitBreaker(handleAll, { halfOpenAfter: breakMs, breaker: new ConsecutiveBreaker(circuitBreakerFailureThreshold) }),
        timeout(timeoutMs, TimeoutStrategy.Cooperative),
      );
      // One signal for every call, as the Enhanced client shares one: cockatiel derives a controller per call
      // from it, and Node would warn about its listeners at concurrency 64.
      const shared = new AbortController();
      setMaxListeners(0, shared.signal);
      return {
        name,
        call: () => policy.execute(async ({ signal }) => (await instance.get<unknown>('api/tasks', { signal })).data, shared.signal),
        dispose: () => destroyed(agent),
      };
    }
    case 'opossum': {
      const { instance, agent } = rawAxios(baseUrl);
      const breaker = new CircuitBreaker(async () => (await instance.get<unknown>('api/tasks')).data, {
        timeout: timeoutMs, resetTimeout: breakMs, errorThresholdPercentage: 50,
      });
      return {
        name,
        call: () => breaker.fire(),
        dispose: () => {
          breaker.shutdown();
          return destroyed(agent);
        },
      };
    }
  }
}

function destroyed(agent: http.Agent): Promise<void> {
  agent.destroy();
  return Promise.resolve();
}
