import { Command } from 'commander';
import type { CliIo } from '../../../src/cli/io.js';
import { createProgram, runCli } from '../../../src/cli/program.js';

/** A `vcconn` run in this process: its exit code and what it wrote. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Collects what a command writes. */
export function collectingIo(): { io: CliIo; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** Runs `vcconn <args>` with the real program, in this process. */
export async function vcconn(...args: string[]): Promise<CliRun> {
  const { io, stdout, stderr } = collectingIo();
  const code = await runCli(['node', 'vcconn', ...args], io, createProgram(io));
  return { code, stdout: stdout(), stderr: stderr() };
}

/** Runs `vcconn <args>` with a program holding only what `register` adds (to pass test dependencies). */
export async function vcconnWith(register: (program: Command, io: CliIo) => void, ...args: string[]): Promise<CliRun> {
  const { io, stdout, stderr } = collectingIo();
  const program = new Command('vcconn').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  register(program, io);
  const code = await runCli(['node', 'vcconn', ...args], io, program);
  return { code, stdout: stdout(), stderr: stderr() };
}
