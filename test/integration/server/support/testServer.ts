import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startServer } from '../../../../src/server/index.js';
import type { RunningServer, ServerOptions } from '../../../../src/server/index.js';
import { client } from './http.js';
import type { Client } from './http.js';

/** A settable clock for the server under test. */
export interface TestClock {
  (): number;
  set(ms: number): void;
  advance(ms: number): void;
}

/** A clock starting at 2025-01-01T00:00:00Z that moves only when told. */
export function testClock(start = Date.parse('2025-01-01T00:00:00.000Z')): TestClock {
  let now = start;
  return Object.assign(() => now, { set: (ms: number) => { now = ms; }, advance: (ms: number) => { now += ms; } });
}

const running: RunningServer[] = [];
const directories: string[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts a server on a free loopback port, closed after the test; returns it with a client. */
export async function serve(options: ServerOptions = {}): Promise<{ server: RunningServer; api: Client }> {
  const server = await startServer({ port: 0, host: '127.0.0.1', ...options });
  running.push(server);
  return { server, api: client(server.url) };
}

/** A fresh directory for database files, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-server-'));
  directories.push(dir);
  return dir;
}
