import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultsOf } from '../config/keySpec.js';
import { loadSettings } from '../config/loadSettings.js';
import { keysOf, settingsSections, valueSections } from '../config/sections.js';
import type { LoadedSettings } from '../config/types.js';
import type { CliIo } from './io.js';
import { redactString } from '../util/redact/redactString.js';

interface CheckFlags {
  environment?: string;
  ignoreEnv?: boolean;
  lenient?: boolean;
}

function fieldOf(values: object, field: string): unknown {
  return (values as Record<string, unknown>)[field];
}

/**
 * The effective settings as an appsettings.json (PascalCase sections and keys), each value that differs from its
 * default followed by a `// default: ...` comment. The result is JSONC, which the loader reads back.
 */
export function renderEffectiveSettings(settings: LoadedSettings): string[] {
  // Every section of the catalog, in its order: a new section shows here without a change.
  const sections = valueSections.flatMap((id) => {
    const { name } = settingsSections[id];
    const keys = keysOf(id);
    const defaults = defaultsOf(keys);
    const entries = Object.entries(keys);
    const lines = entries.map(([field, spec], index) => {
      const value = fieldOf(settings[id], field);
      const fallback = fieldOf(defaults, field);
      const comma = index === entries.length - 1 ? '' : ',';
      const note = JSON.stringify(value) === JSON.stringify(fallback) ? '' : ` // default: ${JSON.stringify(fallback)}`;
      // A password in a URL (Connection.ProxyUrl) is printed as [REDACTED].
      return `    ${JSON.stringify(spec.name)}: ${redactString(JSON.stringify(value))}${comma}${note}`;
    });
    return [`  ${JSON.stringify(name)}: {`, ...lines, '  },'];
  });
  const levels = Object.entries(settings.logging.logLevel);
  return [
    '{',
    ...sections,
    '  "Logging": {',
    '    "LogLevel": {',
    ...levels.map(([category, level], index) => `      ${JSON.stringify(category)}: ${JSON.stringify(level)}${index === levels.length - 1 ? '' : ','}`),
    '    }',
    '  }',
    '}',
  ];
}

/**
 * Adds `vcconn config check [dir]`: loads appsettings.json and appsettings.{Environment}.json of `dir` (default the
 * current folder) with the environment variables, as a host would, and prints where the settings came from, the
 * effective configuration and the warnings. A bad file or value fails with the ConfigError, naming the file, the
 * key, the value and what is allowed (exit 1); so does an unknown key in one of the library's sections (strict
 * loading: a misplaced or misspelt key would otherwise silently leave its value at the default), unless
 * `--lenient`, which lists them as warnings as `loadSettings()` does by default. A folder that does not exist is a
 * usage error (exit 2).
 */
export function registerConfigCommand(program: Command, io: CliIo, env: () => Readonly<Record<string, string | undefined>> = () => process.env): void {
  const config = program.command('config').description('inspect appsettings configuration');
  config
    .command('check')
    .description('load and validate the appsettings files of a folder (unknown keys are errors unless --lenient); print the effective configuration and the warnings')
    .argument('[dir]', 'folder with appsettings.json and appsettings.{Environment}.json', '.')
    .option('-e, --environment <name>', 'which appsettings.{Environment}.json to read (default: DOTNET_ENVIRONMENT, ASPNETCORE_ENVIRONMENT, else Production)')
    .option('--ignore-env', 'leave environment variables (Connection__MaxRetryAttempts=5) out')
    .option('--lenient', 'unknown keys are warnings (exit 0), as loadSettings() treats them by default; without it they fail the check')
    .action((dir: string, flags: CheckFlags, command: Command) => {
      const directory = resolve(dir);
      if (!existsSync(directory) || !statSync(directory).isDirectory()) {
        command.error(`vcconn config check: ${directory} is not a folder`, { exitCode: 2, code: 'vcconn.config.noFolder' });
      }
      const settings = loadSettings({
        directory,
        ...(flags.environment === undefined ? {} : { environment: flags.environment }),
        env: flags.ignoreEnv === true ? {} : env(),
        strict: flags.lenient !== true,
      });
      const files = ['appsettings.json', `appsettings.${settings.environment}.json`].map((name) => join(directory, name));
      io.stdout(`Configuration of ${directory} (environment ${settings.environment})\n`);
      if (!files.some((file) => settings.sources.includes(file))) {
        io.stdout(`  no ${files.map((file) => file.slice(directory.length + 1)).join(' or ')} here: these are the defaults\n`);
      }
      io.stdout(`  layers, lowest first: ${settings.sources.join(', ')}\n\n`);
      io.stdout(`${renderEffectiveSettings(settings).join('\n')}\n\n`);
      if (settings.warnings.length === 0) {
        io.stdout('No warnings.\n');
        return;
      }
      io.stdout(`${settings.warnings.length} warning(s):\n`);
      for (const warning of settings.warnings) io.stdout(`  ${warning.message}\n`);
    });
}
