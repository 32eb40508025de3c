import { ConnectionManager, EnhancedApiClient, StandardApiClient } from '../../../../src/index.js';
import type { ApiClient } from '../../../../src/index.js';

/** The response cap every bad-input client runs with: small, so "huge" costs the test little. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** A client under test and what the checks need to read from it. */
export interface ClientUnderTest {
  readonly api: ApiClient;
  /** Calls and transient failures the Enhanced client's breaker holds in its window; undefined for Standard. */
  breakerTotals(): { calls: number; failures: number; state: string } | undefined;
}

const CONNECTION = { maxRetryAttempts: 1, baseRetryDelayMs: 0, maxRetryDelayMs: 0, maxResponseBytes: MAX_RESPONSE_BYTES } as const;

/**
 * How each client type is built for these tests: one retry at most, no wait between attempts. The
 * ConnectionManager runs its default Enhanced client (built by the test only when headers are needed, since
 * the default factory sends none); its health monitor's first probe is a minute away, after the test.
 */
export const clientKinds: ReadonlyArray<{ readonly name: string; create(baseUrl: string, headers?: Record<string, string>): ClientUnderTest }> = [
  {
    name: 'EnhancedApiClient',
    create(baseUrl, headers) {
      const api = new EnhancedApiClient(baseUrl, { connection: CONNECTION, ...(headers === undefined ? {} : { headers }) });
      return {
        api,
        breakerTotals() {
          const snapshot = api.breaker.getSnapshot();
          let calls = 0;
          let failures = 0;
          for (const bucket of snapshot.context.window.buckets) {
            calls += bucket.calls;
            failures += bucket.failures;
          }
          return { calls, failures, state: String(snapshot.value) };
        },
      };
    },
  },
  {
    name: 'StandardApiClient',
    create(baseUrl, headers) {
      const api = new StandardApiClient(baseUrl, {
        maxAttempts: 2, delayMs: 0, maxResponseBytes: MAX_RESPONSE_BYTES, ...(headers === undefined ? {} : { headers }),
      });
      return { api, breakerTotals: () => undefined };
    },
  },
  {
    name: 'ConnectionManager',
    create(baseUrl, headers) {
      const manager = new ConnectionManager({
        baseUrl,
        connection: CONNECTION,
        ...(headers === undefined ? {} : {
          createClient: (type, url) => type === 'enhanced'
            ? new EnhancedApiClient(url, { connection: CONNECTION, headers })
            : new StandardApiClient(url, { maxAttempts: 2, delayMs: 0, maxResponseBytes: MAX_RESPONSE_BYTES, headers }),
        }),
      });
      return { api: manager.client, breakerTotals: () => undefined };
    },
  },
];

/** What `promise` rejected with; fails the test when it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
}
