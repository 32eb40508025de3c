import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installIntoProject, installedPackages, npm, packagesWithInstallScripts, packTarball, repoRoot, tarballFiles, writeFiles,
} from '../../bench/embed/packedProject.js';
import { startServer } from '../../src/server/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { runNode, typeCheck, writeConsumerTsconfig } from './support/consumerProject.js';
import type { NodeRun } from './support/consumerProject.js';
import { packagesImportedByDeclarations } from './support/declarationImports.js';
import { readmeBlocks } from './support/readmeBlocks.js';
import type { ReadmeBlock } from './support/readmeBlocks.js';

/*
 * The package as a new user meets it (issue 20): `npm pack`, the tarball installed with `npm install --omit=dev`
 * into an empty project, then every ```ts block of README.md type-checked there with `strict` and
 * `skipLibCheck: false`, and the runnable ones run against the reference server on loopback, their output checked.
 */

const OPTIONAL_PEERS = ['@opentelemetry/api', 'better-sqlite3', 'commander', 'fastify', 'prom-client', 'ws'];

/**
 * The README blocks that run as written (against the reference server, whose URL is in the appsettings.json of
 * the folder they run in), by heading and ordinal among that heading's ts blocks, with what their output must
 * show. Every other ts block is type-checked only (it declares what it assumes, or needs a server of its own).
 */
const RUNNABLE: readonly { heading: string; ordinal: number; expect: readonly RegExp[] }[] = [
  { heading: 'Clients', ordinal: 1, expect: [/^2 tasks$/m, /^true \d+ false 0\.1\.0$/m] },
  {
    heading: 'ConnectionManager', ordinal: 1,
    // The switch shows as a client change; the link stays healthy.
    expect: [/^enhanced\/healthy -> standard\/healthy$/m],
  },
  {
    heading: 'Embedding the connection machine in your own machine', ordinal: 1,
    expect: [/^2 tasks through the enhanced client$/m, /^now on the standard client, link healthy$/m],
  },
];

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = readmeBlocks(readme);
const tsBlocks = blocks.filter((block) => block.language === 'ts');
const fileOf = (block: ReadmeBlock): string => `blocks/block${String(tsBlocks.indexOf(block) + 1).padStart(2, '0')}.ts`;

let tarball = '';
let files: string[] = [];
let project = '';
let clientPackages: string[] = [];
let clientInstallScripts: string[] = [];
let missingPeers: NodeRun | undefined;
let lazyZod: NodeRun | undefined;
let lazyZodCommonJs: NodeRun | undefined;
let cliWithoutCommander: NodeRun | undefined;
let server: RunningServer | undefined;

beforeAll(async () => {
  tarball = await packTarball();
  files = await tarballFiles(tarball);
  project = await installIntoProject(tarball);
  clientPackages = [...installedPackages(project).keys()].map((path) => path.replace(/^.*node_modules\//, ''));
  clientInstallScripts = packagesWithInstallScripts(project);
  writeFiles(project, { 'missingPeers.mjs': MISSING_PEERS_PROBE });
  missingPeers = await runNode(['missingPeers.mjs'], project);
  writeFiles(project, { 'lazyZod.mjs': LAZY_ZOD_PROBE });
  lazyZod = await runNode(['lazyZod.mjs'], project);
  // As on a Node without require(esm) (20 before 20.19): zod's CommonJS build, a second copy beside the host's.
  lazyZodCommonJs = await runNode(['--no-experimental-require-module', 'lazyZod.mjs'], project);
  cliWithoutCommander = await runNode([join('node_modules', 'vcdevtool-connection', 'dist', 'src', 'cli.js'), '--help'], project);
  // What the metrics block imports; the others need nothing beyond the client install.
  await npm(['install', '--no-audit', '--no-fund', 'prom-client@^15.1.3'], project);
  server = await startServer({ port: 0, host: '127.0.0.1', db: ':memory:' });
  for (const name of ['render', 'hello']) {
    const answer = await fetch(`${server.url}/api/tasks`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, type: 0 }),
    });
    if (!answer.ok) throw new Error(`seeding a task failed: ${answer.status}`);
  }
  writeFiles(project, { 'appsettings.json': `${JSON.stringify({ ApiSettings: { BaseUrl: server.url } }, null, 2)}\n` });
}, 600_000);

afterAll(async () => {
  await server?.close();
  if (project !== '') rmSync(project, { recursive: true, force: true });
  if (tarball !== '') rmSync(dirname(tarball), { recursive: true, force: true });
});

// In the client install, before any optional peer is added: each feature names the package it needs.
const MISSING_PEERS_PROBE = `
import { ConnectionManager, isOptionalDependencyMissingError } from 'vcdevtool-connection';
import { startServer } from 'vcdevtool-connection/server';
import { startInspector } from 'vcdevtool-connection/inspect';
const report = (error) => console.log(isOptionalDependencyMissingError(error) ? 'missing ' + error.packageName + ': ' + error.installCommand : 'other ' + (error && error.code));
try { new ConnectionManager({ baseUrl: 'http://127.0.0.1:9', metrics: true }); console.log('no error'); } catch (error) { report(error); }
try { new ConnectionManager({ baseUrl: 'http://127.0.0.1:9', tracing: true }); console.log('no error'); } catch (error) { report(error); }
try { await startInspector({ port: 0 }); console.log('no error'); } catch (error) { report(error); }
try { await startServer({ port: 0 }); console.log('no error'); } catch (error) { console.log('server ' + error.code); }
process.exit(0);
`;

// zod is loaded by the first check, not by the import (both of zod's builds set globalThis.__zod_globalConfig when
// loaded); then a host composes the exported schemas with its own import of zod, which on Node >= 20.19
// is the very module the library loaded.
const LAZY_ZOD_PROBE = `
const lib = await import('vcdevtool-connection');
console.log('zod after import: ' + ('__zod_globalConfig' in globalThis));
lib.loadSettings({ env: {} });
console.log('zod after loadSettings: ' + ('__zod_globalConfig' in globalThis));
const { z } = await import('zod');
const host = z.object({ connection: lib.connectionOptionsSchema, note: z.string() });
console.log('host parse: ' + (host.parse({ connection: lib.defaultConnectionOptions, note: 'n' }).connection.maxRetryAttempts === lib.defaultConnectionOptions.maxRetryAttempts));
const bad = host.safeParse({ connection: { ...lib.defaultConnectionOptions, maxRetryAttempts: 'x' }, note: 'n' });
console.log('host issue: ' + bad.error.issues[0].path.join('.') + ' ' + bad.error.issues[0].message);
console.log('instanceof: ' + (lib.settingsSchema instanceof z.ZodLazy) + ' ' + (bad.error instanceof z.ZodError));
console.log('one zod: ' + (Object.getPrototypeOf(lib.settingsSchema) === z.ZodLazy.prototype));
console.log('json schema: ' + z.toJSONSchema(z.object({ c: lib.connectionFieldsSchema })).type);
`;

describe('the packed tarball', () => {
  it('ships the build, the built visualizer page, deploy/ and the LICENSE; no sources, maps or tests', () => {
    expect(files).toContain('LICENSE');
    expect(files).toContain('README.md');
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('visualizer/dist/visualizer.js');
    expect(files).toContain('visualizer/index.html');
    expect(files).toContain('deploy/prometheus/alerts.yml');
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(files.filter((file) => /^(src|test|bench|visualizer\/src)\//.test(file))).toEqual([]);
    // The bundled entries and their chunks only: the modules tsc wrote are inside them.
    const scripts = files.filter((file) => file.startsWith('dist/') && file.endsWith('.js'));
    expect(scripts.filter((file) => !file.startsWith('dist/src/chunks/')).sort()).toEqual([
      'dist/machines/index.js', 'dist/src/cli.js', 'dist/src/index.js', 'dist/src/inspect/index.js', 'dist/src/server/index.js',
    ]);
  });

  it('installs for a client with no optional peer, no install script and at most 60 packages besides itself', () => {
    for (const peer of OPTIONAL_PEERS) expect(clientPackages, peer).not.toContain(peer);
    expect(clientInstallScripts).toEqual([]);
    expect(clientPackages.filter((name) => name !== 'vcdevtool-connection').length).toBeLessThanOrEqual(60);
  });

  it('has declarations that name no optional peer: a consumer without their types type-checks', () => {
    const dist = join(project, 'node_modules', 'vcdevtool-connection', 'dist');
    for (const entry of ['src/index.d.ts', 'machines/index.d.ts', 'src/server/index.d.ts', 'src/inspect/index.d.ts']) {
      const imported = packagesImportedByDeclarations(join(dist, entry));
      // The walk does reach the packages the main entry's types use (so it can find a peer too).
      if (entry === 'src/index.d.ts') expect([...imported.keys()]).toEqual(expect.arrayContaining(['xstate', 'zod', 'axios']));
      for (const peer of OPTIONAL_PEERS) expect(imported.get(peer), `${entry} reaches ${peer}`).toBeUndefined();
    }
  });

  it('loads zod at the first check, not at import, and its schemas compose with the host\'s zod', () => {
    expect(lazyZod?.stderr).toBe('');
    expect(lazyZod?.stdout.trim().split('\n')).toEqual([
      'zod after import: false',
      'zod after loadSettings: true',
      'host parse: true',
      'host issue: connection.maxRetryAttempts Invalid input: expected number, received string',
      'instanceof: true true',
      'one zod: true',
      'json schema: object',
    ]);
  });

  it('composes with the host\'s zod also where zod is loaded as its CommonJS copy (the dual-package hazard)', () => {
    expect(lazyZodCommonJs?.stderr).toBe('');
    expect(lazyZodCommonJs?.stdout.trim().split('\n')).toEqual([
      'zod after import: false',
      'zod after loadSettings: true',
      'host parse: true',
      'host issue: connection.maxRetryAttempts Invalid input: expected number, received string',
      'instanceof: true true',
      'one zod: false',
      'json schema: object',
    ]);
  });

  it('names the missing package and its install command when a feature needs an optional peer', () => {
    expect(missingPeers?.stderr).toBe('');
    expect(missingPeers?.stdout.trim().split('\n')).toEqual([
      'missing prom-client: npm install prom-client@^15.1.3',
      'missing @opentelemetry/api: npm install @opentelemetry/api@~1.9.0',
      'missing ws: npm install ws@^8.23.0',
      'server ERR_SQLITE_DRIVER_MISSING',
    ]);
    expect(cliWithoutCommander?.code).toBe(2);
    expect(cliWithoutCommander?.stderr.trim()).toBe(
      'vcconn: the vcconn command line needs the optional package commander, which could not be loaded; install it with `npm install commander@^14.0.3`',
    );
  });
});

describe('README.md as tests', () => {
  it('has a quick start of exactly two commands, one npm ci', () => {
    const quickStart = blocks.find((block) => block.heading === 'Quick start' && block.language === 'sh');
    const commands = (quickStart?.code ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    expect(commands).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('has its runnable blocks where the table says', () => {
    for (const runnable of RUNNABLE) {
      expect(tsBlocks.some((block) => block.heading === runnable.heading && block.ordinal === runnable.ordinal), runnable.heading).toBe(true);
    }
    expect(tsBlocks.length).toBeGreaterThanOrEqual(RUNNABLE.length);
  });

  it('type-checks every ts block in a consumer project (strict, skipLibCheck false, no optional peer types)', async () => {
    const sources = Object.fromEntries(tsBlocks.map((block) => [fileOf(block), `${block.code}\nexport {};\n`]));
    rmSync(join(project, 'blocks'), { recursive: true, force: true });
    mkdirSync(join(project, 'blocks'));
    writeFiles(project, sources);
    writeConsumerTsconfig(project, ['blocks/*.ts']);
    const diagnostics = await typeCheck(project);
    // Each diagnostic names its block file: say which README block (heading and line) it is.
    const located = diagnostics.replace(/blocks\/block(\d+)\.ts/g, (match, index: string) => {
      const block = tsBlocks[Number(index) - 1];
      return block === undefined ? match : `${match} (README.md line ${block.line}, "${block.heading}")`;
    });
    expect(located).toBe('');
  }, 180_000);

  it.each(RUNNABLE.map((runnable) => [`${runnable.heading} #${runnable.ordinal}`, runnable] as const))(
    'runs the "%s" block against the reference server with the output it promises',
    async (_name, runnable) => {
      const block = tsBlocks.find((candidate) => candidate.heading === runnable.heading && candidate.ordinal === runnable.ordinal);
      expect(block).toBeDefined();
      const compiled = join('out', fileOf(block as ReadmeBlock).replace(/\.ts$/, '.js'));
      const result = await runNode([compiled], project);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      for (const pattern of runnable.expect) expect(result.stdout).toMatch(pattern);
    },
    90_000,
  );
});
