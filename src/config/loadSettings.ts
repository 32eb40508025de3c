import { join } from 'node:path';
import { checkSettingsFolder } from './checkSettingsFolder.js';
import { defaultLoggingSettings } from './defaults.js';
import { entriesFromEnvironment, entriesFromTree } from './entries.js';
import { settingsRules } from './crossFieldRules.js';
import { checkEndpointRules } from './endpointRules.js';
import { foldIndexedEntries } from './foldIndexedEntries.js';
import { mergeLogLevels } from './mergeLogLevels.js';
import { readSettingsFile } from './readSettingsFile.js';
import { apiSettingsFieldsSchema, connectionFieldsSchema, outboxOptionsSchema } from './schema.js';
import { SettingsAccumulator } from './settingsAccumulator.js';
import { throwIfIssues } from './throwIfIssues.js';
import type { LoadedSettings, SettingsOverrides } from './types.js';

/** Options of {@link loadSettings}. */
export interface LoadSettingsOptions {
  /**
   * Folder holding appsettings.json and appsettings.{Environment}.json. Default: the current directory. A folder
   * given here must exist (a ConfigError names it otherwise); the files in it may be missing.
   */
  readonly directory?: string;
  /** Which appsettings.{Environment}.json to read. Default: DOTNET_ENVIRONMENT, else ASPNETCORE_ENVIRONMENT, else `Production`. */
  readonly environment?: string;
  /** Environment variables to read (`Connection__MaxRetryAttempts=5`). Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The last layer: settings given in code, camelCase keys. */
  readonly overrides?: SettingsOverrides;
  /**
   * Unknown keys in `Connection`, `ApiSettings` (every section of the catalog) and `Logging.LogLevel`, from files,
   * variables and `overrides`, are errors: one ConfigError lists them all, each with its source and, when one is
   * near, where it belongs or what was meant. Default false: the .NET appsettings files carry keys of their own,
   * so unknown keys are warnings.
   */
  readonly strict?: boolean;
}

const FILE_LAYERS = 2;

/**
 * Loads settings as a .NET host would: defaults <- appsettings.json <- appsettings.{Environment}.json <-
 * environment variables (`Section__Key`, any casing) <- `overrides`. Missing files are fine. Keys match
 * case-insensitively; text values are converted as .NET's binder converts them. Unknown keys in `Connection`,
 * `ApiSettings` and `Logging.LogLevel` (errors with `strict`), and valid values outside the seed's recommended
 * ranges, come back as `warnings`; other sections of the files are left to the host. Lists are JSON arrays in files
 * and numbered variables in the environment (`ApiSettings__BaseUrls__0`, `ApiSettings__Endpoints__0__Url`), folded
 * in numeric order; a later layer's list replaces an earlier one whole. `BaseUrls` and `Endpoints` exclude each
 * other, and a `BaseUrl` set next to either must be one of its URLs.
 *
 * @throws {@link ConfigError} listing every malformed file, wrong type, out-of-range value, broken rule between
 *   keys and (with `strict`) unknown key, each with its source, key, value and what is allowed; or naming a
 *   `directory` that does not exist.
 * @example
 * const settings = loadSettings({ directory: '/etc/vcdevtool', environment: 'Production' });
 * for (const warning of settings.warnings) console.warn(warning.message);
 */
export function loadSettings(options: LoadSettingsOptions = {}): LoadedSettings {
  const env = options.env ?? process.env;
  const directory = options.directory ?? '.';
  // Only a folder named explicitly must exist: the implicit current folder with no files means the defaults.
  if (options.directory !== undefined) throwIfIssues([checkSettingsFolder(options.directory)].filter((issue) => issue !== undefined));
  const environment = options.environment ?? nonEmpty(env.DOTNET_ENVIRONMENT) ?? nonEmpty(env.ASPNETCORE_ENVIRONMENT) ?? 'Production';
  const settings = new SettingsAccumulator({ strict: options.strict ?? false });
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
  settings.add(foldIndexedEntries(environmentEntries));
  sources.push(...new Set(environmentEntries.entries.map((entry) => entry.source)));

  if (options.overrides !== undefined) {
    settings.add(entriesFromTree(options.overrides, { source: 'options', fromText: false, layer: FILE_LAYERS + 2 }));
    sources.push('options');
  }

  throwIfIssues(settings.issues);
  settings.applyDerivedDefaults();
  settings.checkRules(settingsRules);
  checkEndpointRules(settings);
  throwIfIssues(settings.issues);
  settings.warnOutsideRecommended();

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
