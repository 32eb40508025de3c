import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));

// Packages the library entry must not load at import: the optional peers, and winston (loaded by createLogger).
const HEAVY = ['prom-client', '@opentelemetry/api', 'fastify', 'better-sqlite3', 'ws', 'commander', 'winston', 'winston-transport'];

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
  it('loads no optional peer and not winston', async () => {
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
});
