import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  batchTaskSchema, connectionFieldsSchema, connectionOptionsSchema, defaultConnectionOptions, settingsSchema,
} from '../../../src/index.js';
import { deferred, resolveDeferred } from '../../../src/util/zodModule.js';
import { typeScriptFiles } from './importGraph.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Whether zod was loaded in a fresh process after `script` (an ES module body run from the repo root). Both of
 * zod's builds, ES module and CommonJS, set `globalThis.__zod_globalConfig` when loaded, whichever way they were.
 */
async function zodLoadedAfter(script: string): Promise<boolean> {
  const probe = `${script}\nconsole.log(JSON.stringify('__zod_globalConfig' in globalThis));\nprocess.exit(0);\n`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: repo });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as boolean;
}

describe('zod off the import path (issue 20: embedding cost)', () => {
  it('is not loaded by importing vcdevtool-connection, nor by touching no schema', async () => {
    expect(await zodLoadedAfter(`
const library = await import('./src/index.ts');
if (typeof library.settingsSchema !== 'object' || typeof library.loadSettings !== 'function') throw new Error('not the library');
`)).toBe(false);
  }, 60_000);

  it('is loaded by the first loadSettings() (so the check above can fail)', async () => {
    expect(await zodLoadedAfter(`
const { mkdtempSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { loadSettings } = await import('./src/index.ts');
loadSettings({ directory: mkdtempSync(join(tmpdir(), 'lazyzod-')), env: {} });
`)).toBe(true);
  }, 60_000);

  it('is loaded at run time by src/util/zodModule.ts only; every other file imports its types', () => {
    const src = fileURLToPath(new URL('../../../src/', import.meta.url));
    const machines = fileURLToPath(new URL('../../../machines/', import.meta.url));
    const staticImport = /^\s*(?:import|export)(?!\s+type\b)[^;]*?\bfrom\s*['"]zod(?:\/[^'"]*)?['"]|^\s*import\s+['"]zod/m;
    const dynamicImport = /\bimport\s*\(\s*['"]zod(?:\/[^'"]*)?['"]|\brequire\s*\(\s*['"]zod/;
    const importers = [...typeScriptFiles(src), ...typeScriptFiles(machines)]
      .filter((file) => { const text = readFileSync(file, 'utf8'); return staticImport.test(text) || dynamicImport.test(text); })
      .map((file) => path.relative(repo, file).split(path.sep).join('/'));
    expect(importers).toEqual(['src/util/zodModule.ts']);
  });
});

describe('the exported schemas, composed by a host with its own zod', () => {
  it('are zod schemas to the host: instanceof, parse, safeParse, with zod\'s own messages', () => {
    expect(settingsSchema).toBeInstanceOf(z.ZodType);
    expect(settingsSchema).toBeInstanceOf(z.ZodLazy);
    expect(connectionOptionsSchema.parse(defaultConnectionOptions)).toEqual(defaultConnectionOptions);
    const bad = connectionOptionsSchema.safeParse({ ...defaultConnectionOptions, maxRetryAttempts: 'three' });
    expect(bad.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['maxRetryAttempts'], 'Invalid input: expected number, received string'],
    ]);
    expect(bad.error).toBeInstanceOf(z.ZodError);
  });

  it('compose inside the host\'s z.object, and unwrap to an object the host can extend', () => {
    const hostSchema = z.object({ connection: connectionOptionsSchema, task: batchTaskSchema.optional(), note: z.string() });
    expect(hostSchema.parse({ connection: defaultConnectionOptions, note: 'n' })).toEqual({ connection: defaultConnectionOptions, note: 'n' });
    const bad = hostSchema.safeParse({ connection: { ...defaultConnectionOptions, maxRetryAttempts: -1 }, note: 'n' });
    expect(bad.error?.issues.map((issue) => issue.path)).toEqual([['connection', 'maxRetryAttempts']]);
    const extended = connectionFieldsSchema.unwrap().extend({ label: z.string() });
    expect(extended.parse({ ...defaultConnectionOptions, label: 'x' }).label).toBe('x');
    expect(z.toJSONSchema(z.object({ c: connectionFieldsSchema }), { unrepresentable: 'any' })).toMatchObject({ type: 'object' });
  });
});

describe('deferred', () => {
  it('builds its object on first touch, once, and resolves to it', () => {
    let builds = 0;
    const stand = deferred(() => { builds += 1; return z.object({ a: z.number() }); });
    expect(builds).toBe(0);
    expect(stand.parse({ a: 1 })).toEqual({ a: 1 });
    expect(stand.shape.a).toBeInstanceOf(z.ZodNumber);
    expect(builds).toBe(1);
    const real = resolveDeferred(stand);
    expect(real).not.toBe(stand);
    expect(Object.getPrototypeOf(stand)).toBe(Object.getPrototypeOf(real));
    expect(stand._zod.def).toBe(real._zod.def);
    expect(resolveDeferred(real)).toBe(real);
    expect(builds).toBe(1);
  });
});
