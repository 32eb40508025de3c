import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONAL_PACKAGES, loadOptional } from '../../../src/errors/loadOptional.js';
import type { OptionalDependencyMissingError} from '../../../src/errors/OptionalDependencyMissingError.js';
import { isOptionalDependencyMissingError } from '../../../src/errors/OptionalDependencyMissingError.js';
import { isVcconnError } from '../../../src/errors/VcconnError.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  peerDependencies: Record<string, string>;
};

describe('loadOptional', () => {
  it('knows exactly the optional peers of package.json, with their ranges', () => {
    const table = Object.fromEntries(Object.entries(OPTIONAL_PACKAGES).map(([name, { range }]) => [name, range]));
    expect(table).toEqual(pkg.peerDependencies);
  });

  it('throws a typed error naming the package, the feature and the install command when loading fails', () => {
    const notFound = Object.assign(new Error("Cannot find module 'prom-client'"), { code: 'MODULE_NOT_FOUND' });
    let caught: unknown;
    try {
      loadOptional('prom-client', () => {
        throw notFound;
      });
    } catch (error) {
      caught = error;
    }
    expect(isOptionalDependencyMissingError(caught)).toBe(true);
    expect(isVcconnError(caught)).toBe(true);
    const error = caught as OptionalDependencyMissingError;
    expect(error.code).toBe('ERR_OPTIONAL_DEPENDENCY_MISSING');
    expect(error.packageName).toBe('prom-client');
    expect(error.feature).toBe('metrics');
    expect(error.installCommand).toBe('npm install prom-client@^15.1.3');
    expect(error.message).toBe('metrics needs the optional package prom-client, which could not be loaded; install it with `npm install prom-client@^15.1.3`');
    expect((error.cause as { code?: string }).code).toBe('MODULE_NOT_FOUND');
  });

  it('loads an installed peer once and hands out the same module after', () => {
    const first = loadOptional<{ Registry: unknown }>('prom-client');
    expect(typeof first.Registry).toBe('function');
    expect(loadOptional('prom-client')).toBe(first);
  });

  it('does not remember a module a test loader gave', () => {
    const fake = { fake: true };
    expect(loadOptional('ws', () => fake)).toBe(fake);
    expect(loadOptional('ws')).not.toBe(fake);
  });
});
