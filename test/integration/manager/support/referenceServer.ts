import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../../../src/server/index.js';
import type { RunningServer } from '../../../../src/server/index.js';

/** The reference server on a loopback port and a database file, which a test can stop and start again. */
export interface RestartableServer {
  readonly url: string;
  /** Stops listening (the database file stays). */
  stop(): Promise<void>;
  /** Listens again on the same port with the same database file. */
  start(): Promise<void>;
  /** Stops it and deletes the database. */
  close(): Promise<void>;
}

/** Starts the reference server on a free loopback port with a database file in a fresh directory. */
export async function restartableServer(): Promise<RestartableServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-manager-'));
  const db = join(dir, 'tasks.db');
  let running: RunningServer | null = await startServer({ host: '127.0.0.1', port: 0, db });
  const { port, url } = running;
  return {
    url,
    stop: async () => {
      await running?.close();
      running = null;
    },
    start: async () => {
      running ??= await startServer({ host: '127.0.0.1', port, db });
    },
    close: async () => {
      await running?.close();
      running = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
