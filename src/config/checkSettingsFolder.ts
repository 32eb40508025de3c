import { statSync } from 'node:fs';
import type { ConfigIssue } from '../errors/ConfigError.js';

const ALLOWED = 'an existing folder; the appsettings files in it may be missing';

/**
 * The issue with a settings folder that was named explicitly, or undefined when it is a folder. A folder that
 * is not there is an error rather than "no files, defaults": a misspelt path would otherwise run on defaults.
 */
export function checkSettingsFolder(directory: string): ConfigIssue | undefined {
  try {
    if (statSync(directory).isDirectory()) return undefined;
    return { source: directory, key: '', value: undefined, problem: 'the settings folder is a file, not a folder', allowed: ALLOWED };
  } catch (error) {
    const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
    const problem = code === 'ENOENT' || code === 'ENOTDIR'
      ? 'the settings folder does not exist'
      : `the settings folder cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    return { source: directory, key: '', value: undefined, problem, allowed: ALLOWED };
  }
}
