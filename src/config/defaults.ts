import { apiSettingsKeys } from './apiSettingsKeys.js';
import { connectionKeys } from './connectionKeys.js';
import { defaultsOf } from './keySpec.js';
import { outboxKeys } from './outboxKeys.js';
import type { ApiSettings, ConnectionOptions, LoggingSettings, OutboxOptions } from './types.js';

/** Every `Connection` key at its default: the seed's values for the seed's keys. */
export const defaultConnectionOptions: ConnectionOptions = Object.freeze(defaultsOf(connectionKeys));

/** Every `ApiSettings` key at its default. */
export const defaultApiSettings: ApiSettings = Object.freeze(defaultsOf(apiSettingsKeys));

/** Every `Outbox` key at its default. */
export const defaultOutboxOptions: OutboxOptions = Object.freeze(defaultsOf(outboxKeys));

/** `Logging.LogLevel` when nothing is configured: `{ Default: 'Information' }`, as in .NET. */
export const defaultLoggingSettings: LoggingSettings = Object.freeze({ logLevel: Object.freeze({ Default: 'Information' as const }) });
