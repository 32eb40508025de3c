import type { ClientType } from '../../machines/types.js';
import type { ApiClient } from '../api/ApiClient.js';
import { EnhancedApiClient } from '../clients/EnhancedApiClient.js';
import { StandardApiClient } from '../clients/StandardApiClient.js';
import { redactString } from '../util/redact/redactString.js';
import type { ClientFactory, ClientFactoryContext, ResolvedConnectionManagerOptions } from './options.js';

/** Log categories of the clients, as the original's class names. */
export const CLIENT_LOG_CATEGORIES: Readonly<Record<ClientType, string>> = {
  standard: 'VCDevTool.Client.Services.ApiClient',
  enhanced: 'VCDevTool.Client.Services.EnhancedApiClient',
};

/**
 * The factory a connection uses when given none: the Enhanced client with every `connection` option, on the
 * connection's clock (its breaker and retry timers too) and inspector; or the Standard client (the original's
 * fixed retries) with the health timeout, response cap, IdempotencyKeySupport and proxy settings of `connection`. Both send the connection's `headers`,
 * use its `tls`, log to its logger and report to its instrumentation, when it has them.
 */
export function defaultClientFactory(options: ResolvedConnectionManagerOptions): ClientFactory {
  const { connection, logger, now, clock, inspect, headers, tls } = options;
  // Only the keys given, so a client's own defaults stay in force for the others.
  const transport = { ...(headers === undefined ? {} : { headers }), ...(tls === undefined ? {} : { tls }) };
  return (type: ClientType, baseUrl: string, context?: ClientFactoryContext): ApiClient => {
    const log = logger?.forCategory(CLIENT_LOG_CATEGORIES[type]);
    const logged = log === undefined ? {} : { logger: log };
    const instrumentation = context?.instrumentation;
    const instrumented = instrumentation === undefined ? {} : { instrumentation };
    if (type === 'enhanced') {
      const restored = context?.restoredBreaker;
      const endpoint = context?.endpoint;
      return new EnhancedApiClient(baseUrl, {
        ...(endpoint === undefined ? {} : { breakerId: `circuitBreaker ${redactString(endpoint)}` }),
        connection, now, ...(restored === undefined ? {} : { restoredBreaker: restored }), ...transport, ...logged, ...instrumented, ...(clock === undefined ? {} : { clock }), ...(inspect === undefined ? {} : { inspect }),
      });
    }
    return new StandardApiClient(baseUrl, {
      healthTimeoutMs: connection.healthCheckTimeoutSeconds * 1000,
      maxResponseBytes: connection.maxResponseBytes,
      idempotencyKeySupport: connection.idempotencyKeySupport,
      proxy: { proxyUrl: connection.proxyUrl, proxyBypassList: connection.proxyBypassList },
      ...transport,
      ...logged,
      ...instrumented,
      now,
    });
  };
}
