import { join } from 'node:path';
import { defaultApiSettings, defaultConnectionOptions, defaultLoggingSettings, defaultOutboxOptions } from './defaults.js';
import { entriesFromEnvironment, entriesFromTree } from './entries.js';
import { settingsRules } from './crossFieldRules.js';
import { mergeLogLevels } from './mergeLogLevels.js';
import { readSettingsFile } from './readSettingsFile.js';
import { apiSettingsFieldsSchema, connectionFieldsSchema, outboxOptionsSchema } from './schema.js';
import { SettingsAccumulator } from './settingsAccumulator.js';
import { throwIfIssues } from './throwIfIssues.js';
import type { LoadedSettings, SettingsOverrides } from './types.js';

/** Options of {@link loadSettings}. */
export interface LoadSettingsOptions {
  /** Folder holding appsettings.json and appsettings.{Environment}.json. Default: the current directory. */
  readonly directory?: string;
  /** Which appsettings.{Environment}.json to read. Default: DOTNET_ENVIRONMENT, else ASPNETCORE_ENVIRONMENT, else `Production`. */
  readonly environment?: string;
  /** Environment variables to read (`Connection__MaxRetryAttempts=5`). Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The last layer: settings given in code, camelCase keys. */
  readonly overrides?: SettingsOverrides;
}

const FILE_LAYERS = 2;

/**
 * Loads settings as a .NET host would: defaults <- appsettings.json <- appsettings.{Environment}.json <-
 * environment variables (`Section__Key`, any casing) <- `overrides`. Missing files are fine. Keys match
 * case-insensitively; text values are converted as .NET's binder converts them. Unknown keys in `Connection`,
 * `ApiSettings`, `Outbox` and `Logging.LogLevel`, and valid values outside the seed's recommended ranges, come back as
 * `warnings`; other sections of the files are left to the host.
 *
 * @throws {@link ConfigError} listing every malformed file, wrong type, out-of-range value and broken rule
 *   between keys, each with its source, key, value and what is allowed.
 * @example
 * const settings = loadSettings({ directory: '/etc/vcdevtool', environment: 'Production' });
 * for (const warning of settings.warnings) console.warn(warning.message);
 */
export function loadSettings(options: LoadSettingsOptions = {}): LoadedSettings {
  const env = options.env ?? process.env;
  const directory = options.directory ?? '.';
  const environment = options.environment ?? nonEmpty(env.DOTNET_ENVIRONMENT) ?? nonEmpty(env.ASPNETCORE_ENVIRONMENT) ?? 'Production';
  const settings = new SettingsAccumulator({
    connection: { ...defaultConnectionOptions }, apiSettings: { ...defaultApiSettings }, outbox: { ...defaultOutboxOptions },
  });
  const sources = ['defaults'];

  const files = [join(directory, 'appsettings.json'), join(directory, `appsettings.${environment}.json`)];
  files.forEach((path, index) => {
    const file = readSettingsFile(path);
    if (file.kind === 'missing') return;
    sources.push(path);
    if (file.kind === 'failed') settings.issues.push(file.issue);
    else settings.add(entriesFromTree(file.tree, { source: path, fromText: true, layer: index + 1 }));
  });

  const environmentEntries = entriesFromEnvironment(env, FILE_LAYERS + 1);
  settings.add(environmentEntries);
  sources.push(...new Set(environmentEntries.entries.map((entry) => entry.source)));

  if (options.overrides !== undefined) {
    settings.add(entriesFromTree(options.overrides, { source: 'options', fromText: false, layer: FILE_LAYERS + 2 }));
    sources.push('options');
  }

  throwIfIssues(settings.issues);
  settings.applyDerivedDefaults();
  settings.checkRules(settingsRules);
  throwIfIssues(settings.issues);
  settings.warnOutsideRecommended(['connection', 'apiSettings', 'outbox']);

  return {
    connection: connectionFieldsSchema.parse(settings.values.connection),
    apiSettings: apiSettingsFieldsSchema.parse(settings.values.apiSettings),
    outbox: outboxOptionsSchema.parse(settings.values.outbox),
    logging: { logLevel: mergeLogLevels(defaultLoggingSettings.logLevel, ...settings.logLevelLayers) },
    warnings: settings.warnings,
    sources,
    environment,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
