/**
 * Part of `npm run build`, after tsc: bundles the package's entry points in dist/ in place with esbuild, code that
 * two entries share going to `dist/src/chunks/` (so a class is one class whatever entry it came from). Loading
 * one file and a few chunks instead of some two hundred modules is most of what is left of the import time of
 * `vcdevtool-connection` (docs/PERFORMANCE.md, "Embedding cost"). Packages stay external: the host installs
 * them and may share them. The .d.ts files tsc wrote are kept as they are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');

/** The JavaScript files package.json's `exports` and `bin` name. */
export function entryPoints(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { import?: string }>;
    bin: Record<string, string>;
  };
  const targets = Object.values(pkg.exports).map((target) => (typeof target === 'string' ? target : target.import));
  return [...targets, ...Object.values(pkg.bin)]
    .filter((target): target is string => target !== undefined && target.endsWith('.js'))
    .map((target) => join(root, target));
}

async function main(): Promise<void> {
  const result = await build({
    entryPoints: entryPoints(),
    outdir: dist,
    outbase: dist,
    allowOverwrite: true,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Under dist/src/, so a chunk's `new URL('../cli.js', import.meta.url)` (the demo starting its server) still
    // points at dist/src/cli.js.
    chunkNames: 'src/chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const outputs = Object.keys(result.metafile.outputs).length;
  process.stdout.write(`bundled ${entryPoints().length} entry points into ${outputs} files\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
