import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/serveProcess.js';

const run = promisify(execFile);

// Loaded in a fresh process: the test runner itself has better-sqlite3 loaded by other tests.
const script = `
import { createRequire } from 'node:module';
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('better-sqlite3'));
const server = await import('./src/server/index.ts');
const afterImport = loaded();
const running = await server.startServer();
const afterStart = loaded();
await running.close();
console.log(JSON.stringify({ afterImport, afterStart }));
`;

describe('loading better-sqlite3', () => {
  it('happens when the server starts, not when the server module is imported', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot });
    expect(JSON.parse(stdout)).toEqual({ afterImport: false, afterStart: true });
  });
});
