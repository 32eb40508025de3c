import type { AddressInfo } from 'node:net';
import { buildApp } from './buildApp.js';
import { loadSqliteDriver } from './db/loadSqliteDriver.js';
import { openDatabase } from './db/openDatabase.js';
import type { ServerOptions } from './options.js';
import { resolveServerOptions } from './options.js';
import { createStore } from './repositories/store.js';

/** A listening reference server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:5289` (no trailing slash). */
  readonly url: string;
  /** The bound port (the free one picked when asked for port 0). */
  readonly port: number;
  /**
   * Stops accepting connections, lets requests in flight finish, stops the pruning timer and closes the
   * database. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Starts the reference VCDevTool task server: the whole API of VCDEVTOOL_API.md over SQLite, with
 * Idempotency-Key support on POST and PUT (advertised in its health answer) unless `idempotency: false`.
 *
 * @example
 * const server = await startServer({ db: './vcdev.db' });
 * console.log(server.url); // http://127.0.0.1:40123
 * await server.close();
 * @throws {@link ServerOptionsError} for a bad option.
 * @throws {@link SqliteDriverMissingError} when better-sqlite3 is not installed.
 * Errors of SQLite (a db file that cannot be opened) and of listening (port in use) pass through.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const settings = resolveServerOptions(options);
  const driver = await loadSqliteDriver();
  const db = openDatabase(driver, settings.db);
  const store = createStore(db, settings.clock, settings.idempotencyTtlMs);
  const prune = (): void => {
    try {
      const removed = store.idempotency.prune();
      if (removed > 0) settings.logger.debug(`Pruned ${removed} expired idempotency keys`);
    } catch (error) {
      settings.logger.error(`Pruning idempotency keys failed: ${String(error)}`);
    }
  };
  prune();
  const pruneTimer = setInterval(prune, settings.idempotencyPruneIntervalMs);
  pruneTimer.unref();

  const app = buildApp({ ...settings, store });
  try {
    await app.listen({ port: settings.port, host: settings.host });
  } catch (error) {
    clearInterval(pruneTimer);
    await app.close();
    db.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  settings.logger.debug(`VCDevTool reference server listening on ${url} (db ${settings.db})`);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(pruneTimer);
      await app.close();
      db.close();
    })();
    return closing;
  };
  return { url, port, close };
}
