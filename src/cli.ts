#!/usr/bin/env node
import { runCli } from './cli/program.js';

// Set, not exit: a command that keeps running (serve) holds the process open until it stops by itself.
process.exitCode = await runCli(process.argv);
