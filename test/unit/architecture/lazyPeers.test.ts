import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { typeScriptFiles } from './importGraph.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));

// Packages the library entry must not load at import: the optional peers, winston (loaded by createLogger) and
// axios (loaded with a client's first request). axios' ES modules are not in the require cache, but the CommonJS
// packages they import are: follow-redirects and form-data show that it was loaded, and `axios` its
// CommonJS copy (`axios/dist/node/axios.cjs`), which must never load.
const HEAVY = [
  'prom-client', '@opentelemetry/api', 'fastify', 'better-sqlite3', 'ws', 'commander', 'winston', 'winston-transport',
  'axios', 'follow-redirects', 'form-data',
];

/** The packages of HEAVY loaded in a fresh process after `script` (an ES module body run from the repo root). */
async function loadedAfter(script: string): Promise<string[]> {
  const probe = `
import { createRequire } from 'node:module';
${script}
const cache = Object.keys(createRequire(import.meta.url).cache);
const heavy = ${JSON.stringify(HEAVY)};
console.log(JSON.stringify(heavy.filter((name) => cache.some((file) => file.includes('/node_modules/' + name + '/')))));
process.exit(0);
`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: repo });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe('import of vcdevtool-connection (issue 20: embedding cost)', () => {
  it('loads no optional peer, not winston and not axios', async () => {
    expect(await loadedAfter("await import('./src/index.ts');")).toEqual([]);
  }, 60_000);

  it('loads prom-client when metrics are turned on, and winston with the first logger (so the check above can fail)', async () => {
    const loaded = await loadedAfter(`
const { createInstrumentation, createLogger } = await import('./src/index.ts');
await createInstrumentation({ metrics: true, nodeId: 'probe' })?.dispose();
createLogger({ tty: false }).close();
`);
    // prom-client 15 itself requires @opentelemetry/api (for exemplars).
    expect(loaded).toEqual(['prom-client', '@opentelemetry/api', 'winston', 'winston-transport']);
  }, 60_000);

  it('loads axios, its ES module only, with the first request (so the check above can fail)', async () => {
    const loaded = await loadedAfter(`
const { createServer } = await import('node:http');
const { StandardApiClient } = await import('./src/index.ts');
const server = createServer((request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const client = new StandardApiClient('http://127.0.0.1:' + server.address().port + '/');
await client.getTasks().catch(() => undefined);
await client.dispose();
server.close();
`);
    expect(loaded).toEqual(['follow-redirects', 'form-data']);
  }, 60_000);
});

describe('axios at run time', () => {
  it('is imported by src/http/axiosModule.ts only; every other file imports its types', () => {
    const src = fileURLToPath(new URL('../../../src/', import.meta.url));
    // A static import or re-export that is not `import type`/`export type`, at the start of a line; or any import().
    const staticImport = /^\s*(?:import|export)(?!\s+type\b)[^;]*?\bfrom\s*['"]axios(?:\/[^'"]*)?['"]|^\s*import\s+['"]axios/m;
    const dynamicImport = /\bimport\s*\(\s*['"]axios(?:\/[^'"]*)?['"]/;
    const valueImport = { test: (text: string) => staticImport.test(text) || dynamicImport.test(text) };
    const importers = typeScriptFiles(src)
      .filter((file) => valueImport.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(src, file).split(path.sep).join('/'));
    expect(importers).toEqual(['http/axiosModule.ts']);
  });
});
