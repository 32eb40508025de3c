import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliLaunch } from '../serverProcess.js';
import { parseWorkerLine } from './workerProtocol.js';
import type { WorkerChildSettings, WorkerLine } from './workerProtocol.js';

/** A worker node running in a child process of its own, on its own outbox file. */
export interface WorkerProcess {
  readonly nodeId: string;
  readonly pid: number;
  /** SIGKILL: no handler finishes, nothing is flushed beyond what the outbox's SQLite WAL already holds. Resolves on exit. */
  kill(): Promise<void>;
  /** SIGTERM: the worker stops claiming, delivers what it holds (while the server answers) and exits. Resolves on exit. */
  stop(): Promise<void>;
  /** Resolves with the exit code (null after a signal) once the child has exited. */
  readonly exited: Promise<number | null>;
}

/** How to start a worker child: the Node binary and the arguments before the worker's own. */
export function currentWorkerLaunch(): CliLaunch {
  const entry = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './workerMain.ts' : './workerMain.js', import.meta.url));
  const flags = process.execArgv.filter((flag) => !/^--(inspect|debug)/.test(flag));
  return { execPath: process.execPath, args: [...flags, entry] };
}

/**
 * Starts a worker child with `settings` and resolves once it says it is ready (its outbox is open and its service
 * started). Every JSON line it prints goes to `onLine`; its stderr is kept for the error of a child that dies early.
 * The child is killed if this process exits first.
 * @throws {@link Error} naming the child's last output when it exits before it is ready.
 */
export function startWorkerProcess(
  settings: WorkerChildSettings, onLine: (line: WorkerLine) => void, launch: CliLaunch = currentWorkerLaunch(),
): Promise<WorkerProcess> {
  const child = spawn(launch.execPath, [...launch.args, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      process.removeListener('exit', killOnExit);
      resolve(code);
    });
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err = (err + chunk).slice(-4000);
  });
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return new Promise<WorkerProcess>((resolve, reject) => {
    let buffered = '';
    let ready = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const text of lines) {
        const line = parseWorkerLine(text);
        if (line === null) continue;
        onLine(line);
        if (line.event === 'ready' && !ready) {
          ready = true;
          resolve({ nodeId: settings.nodeId, pid: child.pid ?? -1, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM'), exited });
        }
      }
    });
    void exited.then((code) => {
      if (!ready) reject(new Error(`Worker ${settings.nodeId} exited (code ${String(code)}) before it was ready:\n${err.trim().split('\n').slice(-8).join('\n')}`));
    });
  });
}
