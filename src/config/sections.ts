import { apiSettingsKeys } from './apiSettingsKeys.js';
import { connectionKeys } from './connectionKeys.js';
import type { KeyCatalog } from './keySpec.js';
import { outboxKeys } from './outboxKeys.js';

/** One value section of appsettings.json: its name on disk and its keys. */
export interface SectionSpec {
  /** The section as written in appsettings.json (`Connection`), matched case-insensitively. */
  readonly name: string;
  readonly keys: KeyCatalog;
}

/**
 * Every value section the loader reads, by its TypeScript name (the field of `LoadedSettings`). The loader, the
 * unknown-key hints ("belongs in ApiSettings", "did you mean ...") and `vcconn config check` all read this one
 * record, so a new section is one line here (plus its typed field in `LoadedSettings`).
 */
export const settingsSections = {
  connection: { name: 'Connection', keys: connectionKeys },
  apiSettings: { name: 'ApiSettings', keys: apiSettingsKeys },
  outbox: { name: 'Outbox', keys: outboxKeys },
} as const satisfies Readonly<Record<string, SectionSpec>>;

/** A section of plain values; `Logging.LogLevel` entries are categories instead. */
export type ValueSection = keyof typeof settingsSections;

/** The value sections, in catalog order. */
export const valueSections: readonly ValueSection[] = Object.keys(settingsSections) as ValueSection[];

/** The keys of `section`, by TypeScript name. */
export function keysOf(section: ValueSection): KeyCatalog {
  return settingsSections[section].keys;
}

/** The value section written as `written` (any casing), if it is one. */
export function valueSectionNamed(written: string): ValueSection | undefined {
  const lower = written.toLowerCase();
  return valueSections.find((section) => settingsSections[section].name.toLowerCase() === lower);
}

/** A known key: its section, its TypeScript name and its name on disk. */
export interface KnownKey {
  readonly section: ValueSection;
  readonly property: string;
  readonly name: string;
}

/** Every key of every section by lower-cased on-disk name and by lower-cased TypeScript name. */
const keyIndex: ReadonlyMap<string, readonly KnownKey[]> = (() => {
  const index = new Map<string, KnownKey[]>();
  for (const section of valueSections) {
    for (const [property, spec] of Object.entries(keysOf(section))) {
      const known: KnownKey = { section, property, name: spec.name };
      for (const alias of new Set([spec.name.toLowerCase(), property.toLowerCase()])) index.set(alias, [...(index.get(alias) ?? []), known]);
    }
  }
  return index;
})();

/** The known keys named `name` (any casing, on-disk or TypeScript name), in catalog order. */
export function keysNamed(name: string): readonly KnownKey[] {
  return keyIndex.get(name.toLowerCase()) ?? [];
}

/** Every known key of every section, in catalog order. */
export function allKeys(): KnownKey[] {
  return valueSections.flatMap((section) =>
    Object.entries(keysOf(section)).map(([property, spec]) => ({ section, property, name: spec.name })));
}
