import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./apiServer.ts', import.meta.url));

/**
 * The benchmark server in a separate process, so its work does not share the client's event loop. It can be
 * killed (SIGKILL, as a crash) and started again on the same port.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  /** Starts the server on a free loopback port. */
  static async start(): Promise<ServerProcess> {
    const { child, port } = await spawnServer(0);
    const server = new ServerProcess(port);
    server.child = child;
    return server;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** True while a server process is running. */
  get running(): boolean {
    return this.child !== null;
  }

  /** Kills the process at once (SIGKILL: no goodbye to open sockets) and waits for it to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Unreferenced while it runs; referenced while we wait for it, or Node would exit under the await.
    child.ref();
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts it again on the same port; resolves once it listens. */
  async restart(): Promise<void> {
    await this.kill();
    this.child = (await spawnServer(this.port)).child;
  }

  /** Stops it for good. */
  close(): Promise<void> {
    return this.kill();
  }
}

function spawnServer(port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(entry, [String(port)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`benchmark server exited before listening (code ${code})`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (message: unknown) => {
      child.off('exit', onExit);
      const listening = (message as { port?: unknown }).port;
      if (typeof listening !== 'number') {
        reject(new Error(`benchmark server sent ${JSON.stringify(message)} instead of its port`));
        return;
      }
      // The IPC channel would keep the parent alive; the process itself is killed by kill().
      child.channel?.unref();
      child.unref();
      // A benchmark that crashes must not leave its server running.
      const reap = () => child.kill('SIGKILL');
      process.once('exit', reap);
      child.once('exit', () => process.off('exit', reap));
      resolve({ child, port: listening });
    });
  });
}
