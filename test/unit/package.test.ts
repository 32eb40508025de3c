import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('package manifest', () => {
  it('is an ESM package named vcdevtool-connection that needs Node 20 or later', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string; type: string; engines: { node: string }; bin: Record<string, string>;
    };
    expect(pkg.name).toBe('vcdevtool-connection');
    expect(pkg.type).toBe('module');
    expect(pkg.engines.node).toBe('>=20');
    expect(pkg.bin.vcconn).toBeDefined();
  });
});
