import { connectionRules } from './crossFieldRules.js';
import { entriesFromSection } from './entries.js';
import { connectionFieldsSchema } from './schema.js';
import { SettingsAccumulator } from './settingsAccumulator.js';
import { throwIfIssues } from './throwIfIssues.js';
import type { ConfigWarning, ConnectionOptions } from './types.js';

/** Options of {@link parseConnectionOptions}. */
export interface ParseConnectionOptionsOptions {
  /** Named in errors and warnings. Default `options`. */
  readonly source?: string;
  /**
   * Receives unknown-key and outside-recommended warnings. Without it, unknown keys are reported with
   * `process.emitWarning` (type `ConfigWarning`) and the others are not reported.
   */
  readonly onWarning?: (warning: ConfigWarning) => void;
}

/**
 * Complete, validated `ConnectionOptions` from some of them (camelCase, or the PascalCase names of
 * appsettings.json; any casing): missing keys take their defaults, every value and the rules between keys are
 * checked. Values must have their real types here (no text conversion: that is for files and environment).
 *
 * @throws {@link ConfigError} listing every wrong value, with source `options` (or `source`).
 * @example
 * const connection = parseConnectionOptions({ maxRetryAttempts: 1, enableCircuitBreaker: false });
 */
export function parseConnectionOptions(
  partial: Partial<ConnectionOptions> = {},
  options: ParseConnectionOptionsOptions = {},
): ConnectionOptions {
  const settings = new SettingsAccumulator();
  settings.add(entriesFromSection('connection', partial, { source: options.source ?? 'options', fromText: false, layer: 1 }));
  throwIfIssues(settings.issues);
  settings.applyDerivedDefaults();
  settings.checkRules(connectionRules);
  throwIfIssues(settings.issues);
  settings.warnOutsideRecommended(['connection']);
  for (const warning of settings.warnings) {
    if (options.onWarning !== undefined) options.onWarning(warning);
    else if (warning.kind === 'unknownKey') process.emitWarning(warning.message, { type: 'ConfigWarning' });
  }
  return connectionFieldsSchema.parse(settings.values.connection);
}
