import { Option } from 'commander';
import type { Command } from 'commander';
import type { EnumOutput, ErrorStyle, RunningServer, ServerLogger, ServerOptions } from '../server/index.js';
import { listeningLine } from '../server/listeningLine.js';
import type { CliIo } from './io.js';
import { parsePort, parsePositiveSeconds } from './optionParsers.js';

interface ServeFlags {
  port: number;
  host: string;
  db: string;
  errorStyle: ErrorStyle;
  enumOutput: EnumOutput;
  heartbeatTimeout?: number;
  /** False with `--no-idempotency`. */
  idempotency: boolean;
  verbose?: boolean;
}

/** How `serve` starts the server and waits for a stop signal; tests replace both. */
export interface ServeDependencies {
  start(options: ServerOptions): Promise<RunningServer>;
  onStopSignal(handler: (signal: NodeJS.Signals) => void): void;
}

const defaultDependencies: ServeDependencies = {
  // Imported here, not at the top, so other commands never load the server or its database driver.
  start: async (options) => (await import('../server/index.js')).startServer(options),
  onStopSignal: (handler) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, handler);
  },
};

/** Adds `vcconn serve`: the reference VCDevTool task server on SQLite, until SIGINT or SIGTERM. */
export function registerServeCommand(program: Command, io: CliIo, dependencies: ServeDependencies = defaultDependencies): void {
  program
    .command('serve')
    .description('run the reference VCDevTool task server (SQLite) until SIGINT/SIGTERM')
    .addOption(new Option('-p, --port <port>', 'port to listen on; 0 picks a free one').default(5289).argParser(parsePort))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--db <path>', 'SQLite database file, or :memory:', './vcdev.db')
    .addOption(new Option('--error-style <style>', 'error answers: json, or aspnet as the real server').choices(['json', 'aspnet']).default('json'))
    .addOption(new Option('--enum-output <mode>', 'enums on the wire as numbers or names').choices(['numbers', 'names']).default('numbers'))
    .option('--heartbeat-timeout <seconds>', 'how recent a heartbeat keeps a node in GET api/nodes (default 120)', parsePositiveSeconds)
    .option('--no-idempotency', 'act as the .NET server: ignore Idempotency-Key and advertise no capabilities')
    .option('-v, --verbose', 'log every request to stderr')
    .action(async (flags: ServeFlags) => {
      const server = await dependencies.start({
        port: flags.port,
        host: flags.host,
        db: flags.db,
        errorStyle: flags.errorStyle,
        enumOutput: flags.enumOutput,
        heartbeatTimeoutMs: flags.heartbeatTimeout === undefined ? undefined : flags.heartbeatTimeout * 1000,
        idempotency: flags.idempotency,
        logger: cliLogger(io, flags.verbose === true),
      });
      io.stdout(listeningLine(server.url, flags.db));
      stopOnSignal(server, io, dependencies);
    });
}

function stopOnSignal(server: RunningServer, io: CliIo, dependencies: ServeDependencies): void {
  let stopping = false;
  dependencies.onStopSignal((signal) => {
    if (stopping) {
      io.stderr(`${signal} again: exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    io.stderr(`${signal}: finishing requests in flight and closing the database\n`);
    server.close().then(
      () => io.stderr('server stopped\n'),
      (error: unknown) => {
        io.stderr(`server did not stop cleanly: ${String(error)}\n`);
        process.exitCode = 1;
      },
    );
  });
}

function cliLogger(io: CliIo, verbose: boolean): ServerLogger {
  const line = (level: string, message: string): void => io.stderr(`${new Date().toISOString()} ${level} ${message}\n`);
  return {
    debug: (message) => (verbose ? line('debug', message) : undefined),
    info: (message) => line('info', message),
    warn: (message) => line('warn', message),
    error: (message) => line('error', message),
  };
}
