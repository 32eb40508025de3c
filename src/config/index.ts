export { loadSettings } from './loadSettings.js';
export type { LoadSettingsOptions } from './loadSettings.js';
export { parseConnectionOptions } from './parseConnectionOptions.js';
export type { ParseConnectionOptionsOptions } from './parseConnectionOptions.js';
export { defaultApiSettings, defaultConnectionOptions, defaultLoggingSettings, defaultOutboxOptions } from './defaults.js';
export {
  apiSettingsFieldsSchema,
  apiSettingsSchema,
  connectionFieldsSchema,
  connectionOptionsSchema,
  dotnetLogLevelSchema,
  loggingSettingsSchema,
  outboxOptionsSchema,
  settingsSchema,
} from './schema.js';
export { connectionKeys } from './connectionKeys.js';
export { apiSettingsKeys } from './apiSettingsKeys.js';
export { outboxKeys } from './outboxKeys.js';
export type { KeySpec, TextKind } from './keySpec.js';
export { dotnetLogLevels, parseDotnetLogLevel } from './logLevels.js';
export type { DotnetLogLevel } from './logLevels.js';
export { mergeLogLevels } from './mergeLogLevels.js';
export type { LogLevelMap } from './mergeLogLevels.js';
export { parseJsonc, JsonSyntaxError } from './parseJsonc.js';
export type { JsonValue, JsonObject } from './parseJsonc.js';
export type {
  ApiSettings,
  ConfigWarning,
  ConnectionOptions,
  IdempotencyKeySupport,
  LoadedSettings,
  LoggingSettings,
  OutboxOptions,
  SettingsOverrides,
} from './types.js';
export { ConfigError, isConfigError } from '../errors/ConfigError.js';
export type { ConfigIssue } from '../errors/ConfigError.js';
