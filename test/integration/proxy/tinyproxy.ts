import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A tinyproxy (Debian's package) running in the foreground on 127.0.0.1, for the proxy tests. */
export interface Tinyproxy {
  readonly port: number;
  readonly url: string;
  /** Lines tinyproxy logged so far (one `Request ...: CONNECT host:port` per tunnel). */
  log(): string;
  /** Resolves with the CONNECT requests it has logged, once there are at least `atLeast` (its log is a pipe). */
  connects(atLeast: number): Promise<number>;
  /** Absolute-form (http) requests it has logged so far. */
  forwardCount(): number;
  stop(): Promise<void>;
}

/** Fails with a message naming the package when tinyproxy is not installed (CI installs it: .ci/run). */
export function requireTinyproxy(env: NodeJS.ProcessEnv = process.env): void {
  const found = spawnSync('/bin/sh', ['-c', 'command -v tinyproxy'], { encoding: 'utf8', env });
  if (found.status !== 0) {
    throw new Error('tinyproxy is not installed: the proxy tests need Debian\'s tinyproxy package (apt-get install -y tinyproxy)');
  }
}

/** A port free right now on 127.0.0.1 (tinyproxy cannot listen on port 0). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts tinyproxy with its own config in a temporary folder; resolves once it accepts connections. */
export async function startTinyproxy(options: { connectPorts: number[]; basicAuth?: { user: string; password: string } }): Promise<Tinyproxy> {
  requireTinyproxy();
  const directory = mkdtempSync(join(tmpdir(), 'vcconn-tinyproxy-'));
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Allow 127.0.0.1',
    ...options.connectPorts.map((connectPort) => `ConnectPort ${connectPort}`),
    'LogLevel Info',
    'MaxClients 100',
    'Timeout 30',
    ...(options.basicAuth === undefined ? [] : [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`]),
  ];
  const file = join(directory, 'tinyproxy.conf');
  writeFileSync(file, `${config.join('\n')}\n`);
  const child: ChildProcess = spawn('tinyproxy', ['-d', '-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`tinyproxy exited (${code}) before listening:\n${output}`));
    child.once('exit', onExit);
    child.once('error', reject);
    const check = (): void => {
      if (output.includes('Starting main loop')) {
        child.off('exit', onExit);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
  });
  const count = (pattern: RegExp): number => output.split('\n').filter((line) => pattern.test(line)).length;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    connects: (atLeast) => new Promise<number>((resolve) => {
      const pattern = /Request \(file descriptor \d+\): CONNECT /;
      const check = (): void => {
        if (count(pattern) < atLeast) return;
        child.stdout?.off('data', check);
        child.stderr?.off('data', check);
        resolve(count(pattern));
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      check();
    }),
    forwardCount: () => count(/Request \(file descriptor \d+\): [A-Z]+ http:\/\//),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
