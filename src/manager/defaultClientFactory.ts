import type { ClientType } from '../../machines/types.js';
import type { ApiClient } from '../clients/ApiClient.js';
import { StandardApiClient } from '../clients/StandardApiClient.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { ClientFactory, ResolvedConnectionManagerOptions } from './options.js';

/** Log categories of the clients, as the original's class names. */
export const CLIENT_LOG_CATEGORIES: Readonly<Record<ClientType, string>> = {
  standard: 'VCDevTool.Client.Services.ApiClient',
  enhanced: 'VCDevTool.Client.Services.EnhancedApiClient',
};

/**
 * The factory a connection uses when given none: the Standard client (the original's fixed retries, with the
 * health timeout and response cap of `connection`) or the Enhanced client (every `connection` option), both on
 * the connection's clock and logger.
 */
export function defaultClientFactory(options: ResolvedConnectionManagerOptions): ClientFactory {
  const { connection, logger, now } = options;
  return (type: ClientType, baseUrl: string): ApiClient => {
    const log = logger?.forCategory(CLIENT_LOG_CATEGORIES[type]);
    if (type === 'enhanced') {
      throw new InvalidArgumentError('ConnectionManager', 'useEnhancedClient', 'the Enhanced client is not part of this build; pass createClient, or useEnhancedClient: false');
    }
    return new StandardApiClient(baseUrl, {
      healthTimeoutMs: connection.healthCheckTimeoutSeconds * 1000,
      maxResponseBytes: connection.maxResponseBytes,
      ...(log === undefined ? {} : { logger: log }),
      now,
    });
  };
}
