import { existsSync, readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface Manifest {
  name: string; type: string; license: string; engines: { node: string }; bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
}

interface LockFile {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
}

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Manifest;

// The oldest Node the package supports (`engines.node` >= 20): the CI machine and the demo run on 20.20.
const SUPPORTED_NODE = '20.20.0';

// What only the server, the tools or observability need: never installed with the client (issue 20).
const OPTIONAL_PEERS = ['@opentelemetry/api', 'better-sqlite3', 'commander', 'fastify', 'prom-client', 'ws'];

describe('package manifest', () => {
  it('is an ESM package named vcdevtool-connection that needs Node 20 or later', () => {
    expect(pkg.name).toBe('vcdevtool-connection');
    expect(pkg.type).toBe('module');
    expect(pkg.engines.node).toBe('>=20');
    expect(pkg.bin.vcconn).toBeDefined();
  });

  it('installs no server framework, database driver, metrics, tracing or CLI package with the client', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['axios', 'winston', 'winston-transport', 'xstate', 'zod']);
    expect(pkg.optionalDependencies).toBeUndefined();
    for (const name of OPTIONAL_PEERS) {
      expect(pkg.peerDependencies[name], name).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true);
      // A checkout still has them all: npm start and npm test need them.
      expect(pkg.devDependencies[name], name).toBe(pkg.peerDependencies[name]);
    }
  });

  it('ships the build, the built visualizer page, the deploy files and an MIT LICENSE; no sources, no maps', () => {
    // The bundled entries and their shared chunks (scripts/bundleDist.ts), and the declarations; not the modules
    // tsc wrote, which the bundles hold.
    expect(pkg.files).toContain('dist/**/*.d.ts');
    expect(pkg.files).toContain('dist/src/chunks');
    expect(pkg.files).toContain(pkg.bin.vcconn?.replace(/^\.\//, ''));
    expect(pkg.files).toContain('visualizer/dist');
    expect(pkg.files).not.toContain('visualizer');
    expect(pkg.files.some((entry) => entry.startsWith('src') || entry.startsWith('visualizer/src'))).toBe(false);
    expect(pkg.license).toBe('MIT');
    expect(existsSync(new URL('LICENSE', root))).toBe(true);
    const license = readFileSync(new URL('LICENSE', root), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(license).toContain('Copyright (c) 2026 vcdevtool-connection contributors');
    const build = JSON.parse(readFileSync(new URL('tsconfig.build.json', root), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as {
      compilerOptions: { sourceMap?: boolean };
    };
    expect(build.compilerOptions.sourceMap).toBe(false);
  });
});

describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as LockFile;

  it(`holds only packages whose engines.node accepts Node ${SUPPORTED_NODE} (no EBADENGINE on npm ci)`, () => {
    const refused: string[] = [];
    let checked = 0;
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (range === undefined) continue;
      checked += 1;
      if (!semver.satisfies(SUPPORTED_NODE, range)) refused.push(`${path}@${entry.version ?? '?'}: node ${range}`);
    }
    expect(refused).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('has the check catch a package that refuses Node 20', () => {
    // The two that warned before the overrides: cookie@2 (light-my-request) and @whatwg-node/promise-helpers@2.
    expect(semver.satisfies(SUPPORTED_NODE, '>=22')).toBe(false);
    expect(semver.satisfies(SUPPORTED_NODE, '>=22.15.0')).toBe(false);
  });
});
