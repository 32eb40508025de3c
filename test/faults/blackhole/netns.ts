import { execFileSync } from 'node:child_process';

/** Runs a network command, throwing an error that names it and its output when it fails. */
export function run(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`\`${command} ${args.join(' ')}\` failed: ${detail}`, { cause: error });
  }
}

/**
 * Readies this process's fresh network namespace (`unshare -n`): loopback up, iptables usable.
 * @throws naming what is missing (root, ip, iptables).
 */
export function prepareNamespace(): void {
  if (process.getuid?.() !== 0) throw new Error('the blackhole scenario needs root: `unshare -n` and iptables (CI runs as root)');
  run('ip', ['link', 'set', 'lo', 'up']);
  run('iptables', ['-L', 'INPUT', '-n']);
}

/** Drops every TCP packet sent to `port` on this namespace's loopback: SYNs and data vanish, nothing answers. */
export function dropPort(port: number): void {
  run('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', String(port), '-j', 'DROP']);
}

/** Packets the DROP rule for `port` has swallowed so far. */
export function droppedPackets(port: number): number {
  const listing = run('iptables', ['-L', 'INPUT', '-v', '-x', '-n']);
  const line = listing.split('\n').find((l) => l.includes('DROP') && l.includes(`dpt:${port}`));
  return Number(line?.trim().split(/\s+/)[0] ?? 0);
}

/** Removes the DROP rule for `port`. */
export function undropPort(port: number): void {
  run('iptables', ['-D', 'INPUT', '-p', 'tcp', '--dport', String(port), '-j', 'DROP']);
}
