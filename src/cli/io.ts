/** Where a command writes; the real CLI passes process.stdout/stderr, tests collect the text. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Writes to the process's own streams. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Exit codes of `vcconn`: 0 done, 1 the command failed, 2 the command line was wrong. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;
