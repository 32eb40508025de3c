import { Command, CommanderError } from 'commander';
import { isServerOptionsError } from '../server/errors/ServerOptionsError.js';
import { isUnknownScenarioError } from '../errors/UnknownScenarioError.js';
import { packageVersion } from '../server/packageVersion.js';
import type { CliIo } from './io.js';
import { ExitCode, processIo } from './io.js';
import { registerConfigCommand } from './config.js';
import { registerDemoCommand } from './demo.js';
import { registerHealthCommand } from './health.js';
import { registerOutboxCommand } from './outbox.js';
import { registerServeCommand } from './serve.js';
import { registerVisualizeCommand } from './visualize.js';

/**
 * The `vcconn` program with every command. Each command lives in its own file in src/cli/ and registers
 * itself here. Errors throw (exitOverride) instead of exiting, so {@link runCli} chooses the exit code.
 */
export function createProgram(io: CliIo = processIo): Command {
  const program = new Command('vcconn')
    .description('VCDevTool connection resilience: reference server, demo and tools')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerServeCommand(program, io);
  registerVisualizeCommand(program, io);
  registerDemoCommand(program, io);
  registerConfigCommand(program, io);
  registerHealthCommand(program, io);
  registerOutboxCommand(program, io);
  return program;
}

/**
 * Runs `vcconn` with `argv` (as process.argv: node, script, then arguments) and resolves to the exit code:
 * 0 when done (a long-running command like `serve` resolves once it is up), 2 for an unknown flag, a bad value
 * or a bad option, 1 when the command itself failed (e.g. the port is in use).
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo, program: Command = createProgram(io)): Promise<number> {
  try {
    await program.parseAsync([...argv]);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`vcconn: ${message}\n`);
    return isServerOptionsError(error) || isUnknownScenarioError(error) ? ExitCode.usage : ExitCode.failure;
  }
}
