import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ConfigError } from '../../../../src/errors/ConfigError.js';

const created: string[] = [];

/** A fresh folder holding the given files; objects are written as JSON, strings as they are. */
export function settingsDir(files: Readonly<Record<string, unknown>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-config-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** Removes every folder made by {@link settingsDir}; call from afterAll. */
export function removeSettingsDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs `load`, which must throw a ConfigError, and returns it. */
export function configErrorOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but loading succeeded');
}

/** A folder with no appsettings files at all. */
export const EMPTY_ENV: Readonly<Record<string, string | undefined>> = {};

/** Path of a fixture folder under test/fixtures/config. */
export function fixture(name: string): string {
  return new URL(`../../../fixtures/config/${name}`, import.meta.url).pathname;
}
