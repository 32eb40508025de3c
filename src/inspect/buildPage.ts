import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundlePageScript } from './bundlePage.js';
import { PAGE_DIST, packageRoot } from './pageAssets.js';

/**
 * Writes the bundled visualizer page to `visualizer/dist/` (visualizer.js, and elkjs' layout worker as
 * elk-worker.js), for the published package: installed, it serves these files and needs neither esbuild nor
 * elkjs. Run as `tsx src/inspect/buildPage.ts` (part of `npm run build`). Resolves to the files written.
 */
export async function buildPage(root: string = packageRoot()): Promise<string[]> {
  const out = join(root, PAGE_DIST);
  await mkdir(out, { recursive: true });
  const script = join(out, 'visualizer.js');
  const worker = join(out, 'elk-worker.js');
  await writeFile(script, await bundlePageScript(root));
  await copyFile(createRequire(join(root, 'package.json')).resolve('elkjs/lib/elk-worker.min.js'), worker);
  return [script, worker];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildPage().then(
    (files) => process.stdout.write(`visualizer page written: ${files.join(', ')}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
