import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../../src/server/packageVersion.js';

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('packageVersion', () => {
  it('finds the version from the sources', () => {
    expect(packageVersion()).toBe(manifest.version);
  });

  it('finds it from where the build puts the module (dist/src/server)', () => {
    expect(packageVersion(fileURLToPath(new URL('../../../dist/src/server/packageVersion.js', import.meta.url)))).toBe(manifest.version);
  });

  it('answers 0.0.0 when no manifest of this package is above the file', () => {
    expect(packageVersion('/nonexistent/dir/file.js')).toBe('0.0.0');
  });
});
