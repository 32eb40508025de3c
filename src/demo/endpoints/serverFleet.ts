import { startServerProcess } from '../serverProcess.js';
import type { CliLaunch, ServerProcess } from '../serverProcess.js';

/** One server of the fleet: its name in the story, its URL (kept across restarts) and its process while it runs. */
interface FleetMember {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  process: ServerProcess | null;
}

/**
 * Several reference servers (`vcconn serve`, each a child process) on ONE SQLite file: WAL lets each process read
 * while one writes, and the servers take their write transactions with `BEGIN IMMEDIATE` under a busy timeout, so
 * writes from several processes queue instead of failing. A restarted server takes its old port, so the clients'
 * endpoint lists stay true.
 */
export class ServerFleet {
  private constructor(private readonly members: FleetMember[], private readonly db: string, private readonly launch: CliLaunch | undefined) {}

  /**
   * Starts `count` servers on `db` side by side (the schema is created once: the others wait for it) and resolves
   * once all listen; if one fails to start, the others are killed before the error is thrown.
   * @throws {@link Error} naming a server's last output when it does not listen.
   */
  static async start(count: number, db: string, launch?: CliLaunch): Promise<ServerFleet> {
    const started = await Promise.allSettled(Array.from({ length: count }, () => startServerProcess({ db, launch })));
    const failure = started.find((outcome) => outcome.status === 'rejected');
    if (failure !== undefined) {
      await Promise.all(started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.kill() : Promise.resolve())));
      throw failure.reason;
    }
    const members = started.map((outcome, i): FleetMember => {
      const server = (outcome as PromiseFulfilledResult<ServerProcess>).value;
      return { name: `server-${i + 1}`, url: server.url, port: server.port, process: server };
    });
    return new ServerFleet(members, db, launch);
  }

  /** The servers' URLs, in order: the nodes' order of preference. */
  get urls(): string[] {
    return this.members.map((member) => member.url);
  }

  /** `server-N` for a URL of the fleet; the URL itself otherwise (null: "no server"). */
  nameOf(url: string | null): string {
    if (url === null) return 'no server';
    return this.members.find((member) => member.url === url)?.name ?? url;
  }

  /** True when `url` is a server of the fleet that is down now. */
  isDown(url: string): boolean {
    return this.members.find((member) => member.url === url)?.process === null;
  }

  /** The pid of server `index` (0-based) while it runs; -1 when it is down. */
  pidOf(index: number): number {
    return this.member(index).process?.pid ?? -1;
  }

  /** SIGKILLs server `index` (0-based): a crash, nothing finishes. Resolves once it is gone. */
  async kill(index: number): Promise<void> {
    const member = this.member(index);
    await member.process?.kill();
    member.process = null;
  }

  /** Starts server `index` again on the same file and port; resolves once it listens. */
  async restart(index: number): Promise<void> {
    const member = this.member(index);
    if (member.process !== null) return;
    member.process = await startServerProcess({ db: this.db, port: member.port, launch: this.launch });
  }

  /** SIGTERM to every running server (each finishes its requests and closes the file); resolves once all exited. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map(async (member) => {
      await member.process?.stop();
      member.process = null;
    }));
  }

  /** SIGKILL to every running server, for cleaning up after a failure. */
  async killAll(): Promise<void> {
    await Promise.all(this.members.map((_, i) => this.kill(i)));
  }

  private member(index: number): FleetMember {
    const member = this.members[index];
    if (member === undefined) throw new RangeError(`Server index ${index} is not one of the ${this.members.length} servers (0 to ${this.members.length - 1})`);
    return member;
  }
}
