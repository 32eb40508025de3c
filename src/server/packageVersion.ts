import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'vcdevtool-connection';

/**
 * The version in this package's package.json, found by walking up from this file, so it works from src/ (tsx)
 * and from dist/src/ alike. `0.0.0` if the manifest cannot be found.
 */
export function packageVersion(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
      if (parsed.name === PACKAGE_NAME && typeof parsed.version === 'string') return parsed.version;
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}
