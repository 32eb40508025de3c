import { didYouMean } from './didYouMean.js';
import { allKeys, keysNamed, settingsSections, type KnownKey, type ValueSection } from './sections.js';

/** How the layer a key came from spells keys: appsettings.json, environment variables, or settings in code. */
export type KeyNotation = 'file' | 'environment' | 'code';

/**
 * What to tell about an unknown key `name` of `section`, in the notation of its layer, or undefined when
 * nothing near is known:
 * - the key of another section: `belongs in ApiSettings: ApiSettings:EnableAutoRecovery`
 *   (`ApiSettings__EnableAutoRecovery` for a variable, `apiSettings.enableAutoRecovery` in code);
 * - a near miss of a key of its own section: `did you mean MaxRetryAttempts?`;
 * - a one-letter slip of another section's key: `did you mean ApiSettings:EnableAutoRecovery?`.
 * Every section comes from the one catalog, `settingsSections`.
 */
export function unknownKeyHint(section: ValueSection, name: string, notation: KeyNotation): string | undefined {
  const elsewhere = keysNamed(name).find((key) => key.section !== section);
  if (elsewhere !== undefined) return `belongs in ${sectionName(elsewhere.section, notation)}: ${keyPath(elsewhere, notation)}`;
  const own = allKeys().filter((key) => key.section === section);
  const near = nearest(name, own, notation);
  if (near !== undefined) return `did you mean ${spelled(near, notation)}?`;
  // A typo in the wrong section is two mistakes: only a one-letter slip is worth naming there (a looser match
  // sends `Connection:MaxRetries` to `Outbox:MaxEntries`).
  const farther = nearest(name, allKeys().filter((key) => key.section !== section), notation, 1);
  return farther === undefined ? undefined : `did you mean ${keyPath(farther, notation)}?`;
}

function nearest(name: string, keys: readonly KnownKey[], notation: KeyNotation, tolerance?: number): KnownKey | undefined {
  const match = didYouMean(name, keys.map((key) => spelled(key, notation)), tolerance);
  return keys.find((key) => spelled(key, notation) === match);
}

/** A key's own name: `MaxRetryAttempts` on disk, `maxRetryAttempts` in code. */
function spelled(key: KnownKey, notation: KeyNotation): string {
  return notation === 'code' ? key.property : key.name;
}

function sectionName(section: ValueSection, notation: KeyNotation): string {
  return notation === 'code' ? section : settingsSections[section].name;
}

/** Where the key goes, written as the layer writes it. */
function keyPath(key: KnownKey, notation: KeyNotation): string {
  const separator = { file: ':', environment: '__', code: '.' }[notation];
  return `${sectionName(key.section, notation)}${separator}${spelled(key, notation)}`;
}
