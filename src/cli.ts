#!/usr/bin/env node
import { isOptionalDependencyMissingError } from './errors/OptionalDependencyMissingError.js';
import { loadOptional } from './errors/loadOptional.js';

// commander is an optional peer (a host that embeds only the clients does not install it): say which package to
// install rather than failing on a module that cannot be found.
try {
  loadOptional('commander');
} catch (error) {
  if (!isOptionalDependencyMissingError(error)) throw error;
  process.stderr.write(`vcconn: ${error.message}\n`);
  process.exit(2);
}
const { runCli } = await import('./cli/program.js');

// Set, not exit: a command that keeps running (serve) holds the process open until it stops by itself.
process.exitCode = await runCli(process.argv);
