import type { ConfigIssue } from '../errors/ConfigError.js';
import { redactEntry } from '../util/redact/redactValue.js';
import { settingsSections, valueSectionNamed, valueSections, type ValueSection } from './sections.js';

export type { ValueSection } from './sections.js';

/** How each section is spelled in appsettings.json (from the catalog, `settingsSections`). */
export const sectionNames: Readonly<Record<ValueSection, string>> = Object.fromEntries(
  valueSections.map((section) => [section, settingsSections[section].name]),
) as Record<ValueSection, string>;

/** One key = value as a layer states it, before it is matched to a known key and checked. */
export interface SettingEntry {
  /** A value section, or `logLevel` for a `Logging.LogLevel` category. */
  readonly section: ValueSection | 'logLevel';
  /** The key (or category) as written. */
  readonly name: string;
  readonly value: unknown;
  readonly source: string;
  /** True when the layer is text (JSON, environment): numbers and booleans may arrive as strings. */
  readonly fromText: boolean;
  /** Layer order: later layers win; within one layer a key may appear once. */
  readonly layer: number;
}

/** What reading one layer produced. */
export interface LayerEntries {
  readonly entries: SettingEntry[];
  readonly issues: ConfigIssue[];
}

/** Layer facts shared by every entry of the layer. */
export interface LayerInfo {
  readonly source: string;
  readonly fromText: boolean;
  readonly layer: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notAnObject(source: string, key: string, value: unknown): ConfigIssue {
  return { source, key, value: redactEntry(key, value), problem: 'must be an object of settings', allowed: 'a JSON object' };
}

/**
 * The entries of a whole settings tree, appsettings.json style (the catalog's sections, `Logging.LogLevel`,
 * section names in any casing). Other sections (ConnectionStrings, AllowedHosts, Logging.Console, ...) belong to
 * the host and are passed over.
 */
export function entriesFromTree(tree: unknown, info: LayerInfo): LayerEntries {
  const result: LayerEntries = { entries: [], issues: [] };
  if (!isObject(tree)) {
    result.issues.push({ source: info.source, key: '', value: undefined, problem: 'the top level is not a JSON object', allowed: 'a JSON object of sections' });
    return result;
  }
  for (const [name, value] of Object.entries(tree)) {
    const section = valueSectionNamed(name);
    if (section !== undefined) {
      addSection(result, section, name, value, info);
    } else if (name.toLowerCase() === 'logging') {
      addLogging(result, name, value, info);
    }
  }
  return result;
}

/** The entries of one value section given on its own (e.g. `parseConnectionOptions({ maxRetryAttempts: 2 })`). */
export function entriesFromSection(section: ValueSection, value: unknown, info: LayerInfo): LayerEntries {
  const result: LayerEntries = { entries: [], issues: [] };
  addSection(result, section, sectionNames[section], value, info);
  return result;
}

function addSection(result: LayerEntries, section: ValueSection, written: string, value: unknown, info: LayerInfo): void {
  if (!isObject(value)) {
    result.issues.push(notAnObject(info.source, written, value));
    return;
  }
  for (const [name, item] of Object.entries(value)) {
    // In code, `{ maxRetryAttempts: undefined }` means "not given"; JSON has no undefined.
    if (item !== undefined) result.entries.push({ section, name, value: item, ...info });
  }
}

function addLogging(result: LayerEntries, written: string, value: unknown, info: LayerInfo): void {
  if (!isObject(value)) {
    result.issues.push(notAnObject(info.source, written, value));
    return;
  }
  for (const [name, levels] of Object.entries(value)) {
    if (name.toLowerCase() !== 'loglevel') continue;
    if (!isObject(levels)) {
      result.issues.push(notAnObject(info.source, `${written}.${name}`, levels));
      continue;
    }
    for (const [category, level] of Object.entries(levels)) {
      if (level !== undefined) result.entries.push({ section: 'logLevel', name: category, value: level, ...info });
    }
  }
}

/**
 * The entries of the environment, .NET style: `Connection__MaxRetryAttempts=5`, `ApiSettings__BaseUrl=...`,
 * `Logging__LogLevel__Default=Debug`; names in any casing, `__` or `:` between the parts. Each variable is its
 * own source (`environment variable Connection__MaxRetryAttempts`). Variables of other sections are passed over.
 */
export function entriesFromEnvironment(env: Readonly<Record<string, string | undefined>>, layer: number): LayerEntries {
  const result: LayerEntries = { entries: [], issues: [] };
  for (const variable of Object.keys(env).sort()) {
    const value = env[variable];
    if (value === undefined) continue;
    const parts = variable.split(/__|:/);
    const [first = '', second = ''] = parts;
    const info: LayerInfo = { source: `environment variable ${variable}`, fromText: true, layer };
    const section = valueSectionNamed(first);
    if (section !== undefined && parts.length >= 2) {
      // A deeper name (Connection__A__B) is not one of ours; kept whole so the warning shows it.
      const name = parts.slice(1).join('.');
      result.entries.push({ section, name, value, ...info });
    } else if (first.toLowerCase() === 'logging' && second.toLowerCase() === 'loglevel' && parts.length >= 3) {
      result.entries.push({ section: 'logLevel', name: parts.slice(2).join(':'), value, ...info });
    }
  }
  return result;
}
