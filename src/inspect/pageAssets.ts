import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePageScript } from './bundlePage.js';
import { VisualizerPageError } from './errors/VisualizerPageError.js';

/** The files of the visualizer page, all served by the relay itself (no CDN: it works with no internet). */
export interface PageAssets {
  readonly html: string;
  readonly css: string;
  readonly script: string;
  /** elkjs' layout worker (the page lays charts out off its main thread). */
  readonly elkWorker: string;
}

/** Where `npm run build` writes the bundled page. */
export const PAGE_DIST = 'visualizer/dist';

/** The package root: the nearest folder above this file that holds `visualizer/index.html`. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'visualizer', 'index.html'))) return dir;
    if (dirname(dir) === dir) throw new VisualizerPageError(join(dirname(from), 'visualizer/index.html'), 'the visualizer folder is not in this package');
  }
}

async function readAsset(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new VisualizerPageError(path, 'a page file cannot be read', { cause: error });
  }
}

function elkWorkerPath(root: string): string {
  const built = join(root, PAGE_DIST, 'elk-worker.js');
  if (existsSync(built)) return built;
  try {
    return createRequire(join(root, 'package.json')).resolve('elkjs/lib/elk-worker.min.js');
  } catch (error) {
    throw new VisualizerPageError(built, 'the layout worker is missing and elkjs is not installed; run `npm run build`', { cause: error });
  }
}

/**
 * Reads the page's files. Running from the TypeScript sources (tsx, tests) the script is bundled now with
 * esbuild, so the page always matches the code; running from `dist/` the bundle `npm run build` made is read.
 * @throws {@link VisualizerPageError} naming the missing file.
 */
export async function readPageAssets(root: string = packageRoot(), fromSources: boolean = import.meta.url.endsWith('.ts')): Promise<PageAssets> {
  const bundled = join(root, PAGE_DIST, 'visualizer.js');
  const script = fromSources || !existsSync(bundled) ? bundlePageScript(root) : readAsset(bundled);
  const [html, css, scriptText, elkWorker] = await Promise.all([
    readAsset(join(root, 'visualizer', 'index.html')),
    readAsset(join(root, 'visualizer', 'visualizer.css')),
    script,
    readAsset(elkWorkerPath(root)),
  ]);
  return { html, css, script: scriptText, elkWorker };
}

let cached: Promise<PageAssets> | undefined;

/** {@link readPageAssets}, once per process (a failure is not kept: the next request tries again). */
export function pageAssets(): Promise<PageAssets> {
  cached ??= readPageAssets().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
