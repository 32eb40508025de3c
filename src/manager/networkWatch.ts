import os from 'node:os';

/** Reads the machine's network interfaces, as `os.networkInterfaces()` does. */
export type InterfacesReader = () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/** How a connection watches for network changes. */
export interface NetworkWatchOptions {
  /** How often the addresses are read, ms. Default {@link DEFAULT_NETWORK_WATCH_INTERVAL_MS}. */
  readonly intervalMs?: number;
  /** Where the addresses are read from. Default `os.networkInterfaces`; tests inject their own. */
  readonly readInterfaces?: InterfacesReader;
}

/**
 * Reading the interfaces costs tens of microseconds; every 5 s catches a VPN coming up or going down well before
 * the default health interval (1 min) would.
 */
export const DEFAULT_NETWORK_WATCH_INTERVAL_MS = 5_000;

/**
 * The addresses the machine can route through, as one comparable string: every non-internal address with its
 * interface and prefix, sorted. Loopback is left out (it never changes); a VPN's tunnel interface appearing or
 * going, a new DHCP lease or a Wi-Fi switch each change it.
 */
export function addressFingerprint(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string {
  const addresses: string[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (!info.internal) addresses.push(`${name} ${info.family} ${info.cidr ?? info.address}`);
    }
  }
  return addresses.sort().join('\n');
}

/**
 * Calls `onChange` each time the machine's network addresses differ from the last reading (polled every
 * `intervalMs`; Node has no portable change event, and no native module is wanted). The first reading is the
 * baseline. The timer is unref'd, so the watch never keeps a process alive. Returns the function that stops it.
 */
export function watchNetworkChanges(onChange: () => void, options: NetworkWatchOptions = {}): () => void {
  const read = options.readInterfaces ?? os.networkInterfaces;
  const intervalMs = options.intervalMs ?? DEFAULT_NETWORK_WATCH_INTERVAL_MS;
  // Some sandboxes refuse to list interfaces: the watch then sees no change rather than throwing from a timer.
  const fingerprint = (): string | undefined => {
    try {
      return addressFingerprint(read());
    } catch {
      return undefined;
    }
  };
  let last = fingerprint();
  const timer = setInterval(() => {
    const next = fingerprint();
    if (next === undefined || next === last) return;
    const changed = last !== undefined;
    last = next;
    if (changed) onChange();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
