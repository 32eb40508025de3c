import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promises as dns } from 'node:dns';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Where Debian's `dnsmasq-base` puts the binary. */
export const DNSMASQ = '/usr/sbin/dnsmasq';

/** One SRV record to serve. */
export interface SrvRecord {
  readonly name: string;
  readonly target: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/** A dnsmasq serving SRV records on 127.0.0.1. */
export interface Dnsmasq {
  /** `127.0.0.1:<port>`, as `Resolver.setServers` takes it. */
  readonly server: string;
  readonly port: number;
  /** Stops it and waits for the process to exit (its port is then free). */
  stop(): Promise<void>;
}

/**
 * Fails with a message naming the package when the binary is missing, rather than with a spawn ENOENT.
 * @throws Error naming `dnsmasq-base`.
 */
export function requireDnsmasq(binary: string = DNSMASQ): void {
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: these tests run a real DNS server; install the Debian package dnsmasq-base (apt-get install -y dnsmasq-base)`);
  }
}

/** A port free for both UDP and TCP on 127.0.0.1 (dnsmasq listens on both). */
export async function freeDnsPort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

/**
 * Starts `dnsmasq --no-daemon` on `port` (a free one by default) serving `records` and nothing else (no
 * upstream, no /etc/hosts, no config file, no pid file; names under `localDomain` it does not hold are NXDOMAIN).
 * Resolves once an SRV lookup of the first record's name answers: dnsmasq is listening. The wait polls lookups,
 * each answered or refused at once on loopback; nothing sleeps.
 */
export async function startDnsmasq(records: readonly SrvRecord[], options: { port?: number; localDomain: string }): Promise<Dnsmasq> {
  requireDnsmasq();
  const port = options.port ?? (await freeDnsPort());
  const args = [
    '--no-daemon', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts',
    '--conf-file=/dev/null', '--pid-file=', '--log-facility=-', `--local=/${options.localDomain}/`,
    ...records.map((r) => `--srv-host=${r.name},${r.target},${r.port},${r.priority},${r.weight}`),
  ];
  const child = spawn(DNSMASQ, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server = `127.0.0.1:${port}`;
  await waitUntilAnswering(child, exited, server, records[0]?.name ?? `_probe._tcp.${options.localDomain}`, () => log);
  return {
    server,
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntilAnswering(child: ChildProcess, exited: Promise<number | null>, server: string, name: string, log: () => string): Promise<void> {
  const resolver = new dns.Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([server]);
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (gone) throw new Error(`dnsmasq exited with ${String(child.exitCode)} before answering on ${server}: ${log()}`);
    try {
      await resolver.resolveSrv(name);
      return;
    } catch (error) {
      // NXDOMAIN from dnsmasq itself also proves it is listening.
      if ((error as { code?: string }).code === 'ENOTFOUND') return;
      if (Date.now() > deadline) throw new Error(`dnsmasq did not answer on ${server} within 15 s: ${log()}`, { cause: error });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
