import { fileURLToPath } from 'node:url';
import { startServerProcess } from '../../../src/demo/serverProcess.js';
import type { ServerProcess } from '../../../src/demo/serverProcess.js';
import type { FaultFigures, FaultTarget, RunningScenario } from './scenario.js';

const cli = fileURLToPath(new URL('../../../src/cli.ts', import.meta.url));

/** The reference server as a child process (`vcconn serve` through tsx), which a fault can kill and start again. */
export interface ChildServer {
  readonly port: number;
  /** SIGKILL, as a crash; resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same SQLite file and port; resolves once it listens. */
  restart(): Promise<void>;
  /** Number of starts after the first. */
  readonly restarts: number;
}

/** How `vcconn serve` runs from a checkout: through tsx, as the fault suite runs the sources. */
export const CLI_LAUNCH = { execPath: process.execPath, args: ['--import', 'tsx', cli] } as const;

/**
 * A FaultTarget of the reference server in a child process on `db`; nodes connect to it directly. `idempotency`
 * false starts it with `--no-idempotency` (as the .NET server).
 */
export async function childServer(
  db: string, play: (server: ChildServer, run: RunningScenario) => Promise<FaultFigures>, idempotency = true,
): Promise<FaultTarget> {
  const launch = CLI_LAUNCH;
  let current: ServerProcess = await startServerProcess({ db, launch, idempotency });
  const port = current.port;
  let restarts = 0;
  const server: ChildServer = {
    port,
    kill: () => current.kill(),
    restart: async () => {
      current = await startServerProcess({ db, port, launch, idempotency });
      restarts += 1;
    },
    get restarts() {
      return restarts;
    },
  };
  return {
    url: `http://127.0.0.1:${port}`,
    play: (run) => play(server, run),
    close: () => current.stop(),
  };
}
