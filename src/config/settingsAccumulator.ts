import type { ConfigIssue } from '../errors/ConfigError.js';
import { redactEntry } from '../util/redact/redactValue.js';
import { coerceText } from './coerceText.js';
import { connectionKeys } from './connectionKeys.js';
import { displayName, type CrossFieldRule, type KeyRef } from './crossFieldRules.js';
import { sectionNames, type LayerEntries, type SettingEntry } from './entries.js';
import { defaultsOf, type KeyCatalog, type KeySpec } from './keySpec.js';
import { dotnetLogLevels, parseDotnetLogLevel, type DotnetLogLevel } from './logLevels.js';
import { keysOf, valueSections, type ValueSection } from './sections.js';
import type { ConfigWarning } from './types.js';
import { unknownKeyHint, type KeyNotation } from './unknownKeyHint.js';

/** Known keys of a section by lower-cased on-disk name (`maxretryattempts`) and by TypeScript name. */
function indexCatalog(catalog: KeyCatalog): Map<string, readonly [string, KeySpec]> {
  const index = new Map<string, readonly [string, KeySpec]>();
  for (const [property, spec] of Object.entries(catalog)) {
    index.set(spec.name.toLowerCase(), [property, spec]);
    index.set(property.toLowerCase(), [property, spec]);
  }
  return index;
}

function perSection<T>(make: (section: ValueSection) => T): Record<ValueSection, T> {
  return Object.fromEntries(valueSections.map((section) => [section, make(section)])) as Record<ValueSection, T>;
}

const catalogs: Readonly<Record<ValueSection, KeyCatalog>> = perSection(keysOf);
const indexes: Readonly<Record<ValueSection, Map<string, readonly [string, KeySpec]>>> = perSection((section) => indexCatalog(catalogs[section]));

/** How an entry's layer spells keys, for the hints. */
function notationOf(entry: SettingEntry): KeyNotation {
  if (!entry.fromText) return 'code';
  return entry.source.startsWith('environment variable ') ? 'environment' : 'file';
}

/** What to say about a key that is not one of ours. */
interface Unknown {
  /** The end of the warning's sentence: `is ignored (did you mean X?)`. */
  readonly outcome: string;
  /** The issue's problem, in strict mode: `unknown key (did you mean X?)`. */
  readonly problem: string;
  readonly allowed: string;
  readonly hint?: string;
}

/** Options of a {@link SettingsAccumulator}. */
export interface SettingsAccumulatorOptions {
  /** Unknown keys are issues (a ConfigError) rather than warnings. */
  readonly strict?: boolean;
}

const LOG_LEVEL_ENTRY = 'a category = level pair, e.g. "VCDevTool.Client": "Debug"';

/** Where a value came from. */
export interface Origin {
  readonly source: string;
  readonly layer: number;
  readonly name: string;
}

/**
 * Applies settings layer after layer, checking each value as it arrives so that a problem is reported with the
 * layer it came from. Keys are matched case-insensitively, as .NET's binder does. Collects every issue and
 * warning instead of stopping at the first.
 */
export class SettingsAccumulator {
  readonly issues: ConfigIssue[] = [];
  readonly warnings: ConfigWarning[] = [];
  /** Current values of the value sections, by TypeScript name. */
  readonly values: Record<ValueSection, Record<string, unknown>>;
  /** `Logging.LogLevel` per layer, in order. */
  readonly logLevelLayers: Array<Record<string, DotnetLogLevel>> = [];
  /** Which layer last set each value (`connection.maxRetryAttempts`); absent means the default. */
  private readonly setBy = new Map<string, Origin>();
  /** First occurrence of each key within its layer, to catch a key given twice in different casing. */
  private readonly seen = new Map<string, Origin>();

  private readonly strict: boolean;

  /** Every section starts at its catalog's defaults. */
  constructor(options: SettingsAccumulatorOptions = {}) {
    this.strict = options.strict ?? false;
    this.values = perSection((section) => ({ ...defaultsOf(catalogs[section]) }));
  }

  /** Takes a layer's entries and the issues its reader found. */
  add(layer: LayerEntries): void {
    this.issues.push(...layer.issues);
    for (const entry of layer.entries) {
      if (entry.section === 'logLevel') this.addLogLevel(entry);
      else this.addValue(entry, entry.section);
    }
  }

  /**
   * Defaults that depend on other keys. The cap of the growing break is a key .NET files never set, so when it
   * is not set it follows a larger CircuitBreakerBreakDurationSeconds instead of rejecting an existing file.
   */
  applyDerivedDefaults(): void {
    const connection = this.values.connection;
    if (!this.setBy.has('connection.circuitBreakerMaxBreakDurationSeconds')) {
      const breakSeconds = connection.circuitBreakerBreakDurationSeconds;
      const cap = connectionKeys.circuitBreakerMaxBreakDurationSeconds.defaultValue;
      connection.circuitBreakerMaxBreakDurationSeconds = typeof breakSeconds === 'number' ? Math.max(cap, breakSeconds) : cap;
    }
  }

  /** Warns about every value set outside the seed's recommended range (default: in every section). */
  warnOutsideRecommended(sections: readonly ValueSection[] = valueSections): void {
    for (const section of sections) {
      for (const [property, spec] of Object.entries(catalogs[section])) {
        const origin = this.setBy.get(`${section}.${property}`);
        const value = this.values[section][property];
        if (origin === undefined || spec.recommended === undefined || typeof value !== 'number') continue;
        const [low, high] = spec.recommended;
        if (value >= low && value <= high) continue;
        const path = `${sectionNames[section]}.${spec.name}`;
        this.warnings.push({
          kind: 'outsideRecommended', path, value, source: origin.source,
          message: `${origin.source}: ${path} = ${value} is outside the recommended range ${low}..${high}`,
        });
      }
    }
  }

  /**
   * Checks the rules between keys on the merged values. A broken rule is reported on whichever of its two keys
   * was set by the later layer, since that is the value that broke it.
   */
  checkRules(rules: readonly CrossFieldRule[]): void {
    for (const rule of rules) {
      const a = this.read(rule.a);
      const b = this.read(rule.b);
      if (rule.holds(a, b)) continue;
      const layerOf = (ref: KeyRef): number => this.setBy.get(`${ref.section}.${ref.key}`)?.layer ?? 0;
      const blameB = layerOf(rule.b) > layerOf(rule.a);
      const ref = blameB ? rule.b : rule.a;
      this.issues.push({
        source: this.setBy.get(`${ref.section}.${ref.key}`)?.source ?? 'defaults',
        key: displayName(ref),
        value: blameB ? b : a,
        allowed: blameB ? rule.allowedB(a) : rule.allowedA(b),
      });
    }
  }

  /** Which layer last set a value (`apiSettings`, `baseUrl`); undefined when it holds its default. */
  originOf(section: ValueSection, property: string): Origin | undefined {
    return this.setBy.get(`${section}.${property}`);
  }

  private read(ref: KeyRef): number {
    const value = this.values[ref.section][ref.key];
    return typeof value === 'number' ? value : Number.NaN;
  }

  private addValue(entry: SettingEntry, section: ValueSection): void {
    const known = indexes[section].get(entry.name.toLowerCase());
    if (known === undefined) {
      const hint = unknownKeyHint(section, entry.name, notationOf(entry));
      const aside = hint === undefined ? '' : ` (${hint})`;
      this.reportUnknown(entry, `${sectionNames[section]}.${entry.name}`, {
        outcome: `is ignored${aside}`,
        problem: `unknown key${aside}`,
        allowed: `a key of ${sectionNames[section]} (listed in the README's settings table)`,
        ...(hint === undefined ? {} : { hint }),
      });
      return;
    }
    const [property, spec] = known;
    const key = `${sectionNames[section]}.${spec.name}`;
    if (this.isRepeated(entry, key)) return;
    const value = entry.fromText ? coerceText(entry.value, spec) : entry.value;
    const parsed = spec.schema.safeParse(value);
    if (!parsed.success) {
      const problem = spec.problemOf?.(parsed.error);
      this.issues.push({ source: entry.source, key, value: redactEntry(spec.name, value), allowed: spec.allowed, ...(problem === undefined ? {} : { problem }) });
      return;
    }
    this.values[section][property] = parsed.data;
    this.setBy.set(`${section}.${property}`, entry);
  }

  private addLogLevel(entry: SettingEntry): void {
    const key = `Logging.LogLevel.${entry.name}`;
    if (typeof entry.value === 'object' && entry.value !== null) {
      this.reportUnknown(entry, key, {
        outcome: 'is a section, not a level, and is ignored (LogLevel takes category = level)',
        problem: 'a section, not a level', allowed: LOG_LEVEL_ENTRY,
      });
      return;
    }
    if (entry.name.includes(':')) {
      this.reportUnknown(entry, key, { outcome: 'is a nested key, not a category, and is ignored', problem: 'a nested key, not a category', allowed: LOG_LEVEL_ENTRY });
      return;
    }
    if (this.isRepeated(entry, key)) return;
    const level = typeof entry.value === 'string' ? parseDotnetLogLevel(entry.value) : undefined;
    if (level === undefined) {
      this.issues.push({ source: entry.source, key, value: redactEntry(entry.name, entry.value), allowed: `one of ${dotnetLogLevels.join(', ')}` });
      return;
    }
    if (entry.name.split('*').length > 2) {
      this.issues.push({ source: entry.source, key, value: entry.value, problem: 'a category may hold at most one *', allowed: 'a category prefix with at most one *' });
      return;
    }
    while (this.logLevelLayers.length <= entry.layer) this.logLevelLayers.push({});
    const layer = this.logLevelLayers[entry.layer];
    if (layer !== undefined) layer[entry.name] = level;
  }

  /** True (and an issue) when the same layer already gave this key, perhaps in another casing. */
  private isRepeated(entry: SettingEntry, key: string): boolean {
    const id = `${entry.layer}|${key.toLowerCase()}`;
    const first = this.seen.get(id);
    if (first === undefined) {
      this.seen.set(id, entry);
      return false;
    }
    const where = first.source === entry.source ? '' : ` by ${first.source}`;
    this.issues.push({
      source: entry.source, key, value: redactEntry(entry.name, entry.value),
      problem: `given twice, as "${first.name}"${where} and as "${entry.name}" (keys ignore case)`,
      allowed: 'each key once per layer',
    });
    return true;
  }

  /** A key that is not one of ours: a warning, or in strict mode an issue, naming where it came from. */
  private reportUnknown(entry: SettingEntry, path: string, unknown: Unknown): void {
    const value = redactEntry(entry.name, entry.value);
    const hint = unknown.hint === undefined ? {} : { hint: unknown.hint };
    if (this.strict) {
      this.issues.push({ source: entry.source, key: path, value, problem: unknown.problem, allowed: unknown.allowed, ...hint });
      return;
    }
    this.warnings.push({
      kind: 'unknownKey', path, value, source: entry.source, message: `${entry.source}: unknown key ${path} ${unknown.outcome}`, ...hint,
    });
  }
}
