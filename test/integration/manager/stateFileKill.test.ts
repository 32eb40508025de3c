import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { readStateFile } from '../../../src/state/stateFile.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const child = fileURLToPath(new URL('./support/stateChild.ts', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('a state file survives kill -9', () => {
  it('a process killed with SIGKILL while saving leaves a readable file; the next process starts with the breaker open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-state-kill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const stateFile = join(dir, 'connection-state.json');
    const baseUrl = await refusedUrl();

    const process_ = spawn(process.execPath, ['--import', 'tsx', child, stateFile, baseUrl], { cwd: repoRoot, stdio: 'pipe' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => process_.once('exit', (_code, signal) => resolve(signal)));
    cleanups.push(async () => {
      if (process_.exitCode === null && process_.signalCode === null) process_.kill('SIGKILL');
      await exited;
    });
    let out = '';
    let err = '';
    process_.stderr.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
    // Event-driven: the child's own "saved" line, printed once the file holds the open breaker.
    await new Promise<void>((resolve, reject) => {
      process_.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('saved\n')) resolve();
      });
      void exited.then(() => reject(new Error(`the child exited before saving:\n${out}\n${err}`)));
    });
    process_.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const saved = readStateFile(stateFile);
    expect(saved).toMatchObject({ connection: { link: 'degraded', circuitBreakerOpen: true }, clients: { enhanced: { breaker: { state: 'open', breakMs: 600_000 } } } });

    const manager = new ConnectionManager({ baseUrl, stateFile, networkWatch: false, connection: { circuitBreakerBreakDurationSeconds: 600, circuitBreakerMaxBreakDurationSeconds: 600 } });
    cleanups.push(() => manager.dispose());
    expect(manager.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    await expect(manager.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
  });
});
