import type { EnumOutput } from './domain/enums.js';
import { ServerOptionsError } from './errors/ServerOptionsError.js';
import type { ErrorStyle } from './http/errorStyle.js';
import type { ServerLogger } from './logger.js';
import { silentLogger } from './logger.js';
import { packageVersion } from './packageVersion.js';
import type { Clock } from './repositories/records.js';

/** Options of {@link startServer}; every one has a default. */
export interface ServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`. */
  host?: string;
  /** SQLite file (WAL mode) or `:memory:` (the default). */
  db?: string;
  /** Where requests (debug), debug messages (info) and failures (error) go. Default: nowhere. */
  logger?: ServerLogger;
  /** Version `GET api/health` reports. Default: this package's version. */
  version?: string;
  /** How recent a heartbeat keeps a node in `GET api/nodes`. Default 120000 (2 minutes). */
  heartbeatTimeoutMs?: number;
  /**
   * Honour `Idempotency-Key` on POST and PUT and advertise it (`"capabilities": ["idempotency-key"]` in the health
   * answer). Default true. False acts as the .NET server does: the header is ignored and nothing is advertised.
   */
  idempotency?: boolean;
  /** How long an Idempotency-Key and its answer are kept. Default 86400000 (24 hours). */
  idempotencyTtlMs?: number;
  /** How often expired keys are deleted. Default 3600000 (1 hour). */
  idempotencyPruneIntervalMs?: number;
  /**
   * How errors look: `json` (default; `{message, ...}` everywhere) or `aspnet` (plain-text 400s,
   * problem+json validation errors and 404s, as the real ASP.NET server).
   */
  errorStyle?: ErrorStyle;
  /** Enums as `numbers` (default, ASP.NET's default) or member `names` (a server with a string-enum converter). */
  enumOutput?: EnumOutput;
  /** Where the server reads the time (epoch ms). Default `Date.now`; tests inject their own. */
  clock?: Clock;
}

/** {@link ServerOptions} with every default filled in. */
export type ResolvedServerOptions = Required<ServerOptions>;

const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  db: ':memory:',
  idempotency: true,
  heartbeatTimeoutMs: 120_000,
  idempotencyTtlMs: 24 * 60 * 60 * 1000,
  idempotencyPruneIntervalMs: 60 * 60 * 1000,
  errorStyle: 'json',
  enumOutput: 'numbers',
} as const;

/**
 * Checks the options and fills in the defaults.
 * @throws {@link ServerOptionsError} naming the first option that is out of range or of the wrong type.
 */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const resolved: ResolvedServerOptions = {
    ...DEFAULTS,
    logger: silentLogger,
    version: packageVersion(),
    clock: Date.now,
    ...withoutUndefined(options),
  };
  check('port', resolved.port, Number.isInteger(resolved.port) && resolved.port >= 0 && resolved.port <= 65535, 'an integer from 0 to 65535');
  check('host', resolved.host, typeof resolved.host === 'string' && resolved.host.length > 0, 'a non-empty host name or address');
  check('db', resolved.db, typeof resolved.db === 'string' && resolved.db.length > 0, 'a file path or ":memory:"');
  check('version', resolved.version, typeof resolved.version === 'string', 'a string');
  check('idempotency', resolved.idempotency, typeof resolved.idempotency === 'boolean', 'true or false');
  for (const name of ['heartbeatTimeoutMs', 'idempotencyTtlMs', 'idempotencyPruneIntervalMs'] as const) {
    const value = resolved[name];
    check(name, value, Number.isFinite(value) && value > 0 && value <= 2 ** 31 - 1, 'a positive number of milliseconds up to 2147483647');
  }
  check('errorStyle', resolved.errorStyle, ['json', 'aspnet'].includes(resolved.errorStyle), '"json" or "aspnet"');
  check('enumOutput', resolved.enumOutput, ['numbers', 'names'].includes(resolved.enumOutput), '"numbers" or "names"');
  check('clock', resolved.clock, typeof resolved.clock === 'function', 'a function returning epoch milliseconds');
  return resolved;
}

function check(option: string, value: unknown, ok: boolean, expected: string): void {
  if (!ok) throw new ServerOptionsError(option, value, expected);
}

function withoutUndefined(options: ServerOptions): ServerOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
