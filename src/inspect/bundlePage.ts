import { join } from 'node:path';
import type * as Esbuild from 'esbuild';
import { VisualizerPageError } from './errors/VisualizerPageError.js';

/** The page's entry point, relative to the package root. */
export const PAGE_ENTRY = 'visualizer/src/main.ts';

/**
 * Bundles the visualizer page (its TypeScript and the elkjs API) into one browser script with esbuild, in
 * memory. esbuild is a development dependency: a checkout has it, an installed package uses the bundle that
 * `npm run build` wrote instead.
 * @throws {@link VisualizerPageError} when esbuild is not installed or the page does not compile.
 */
export async function bundlePageScript(packageRoot: string): Promise<string> {
  const entry = join(packageRoot, PAGE_ENTRY);
  let esbuild: typeof Esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new VisualizerPageError(entry, 'the page bundle is missing and esbuild (a development dependency) is not installed to build it; run `npm run build`', { cause: error });
  }
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      write: false,
      logLevel: 'silent',
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error('esbuild produced no output');
    return output.text;
  } catch (error) {
    throw new VisualizerPageError(entry, `the page does not build: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
