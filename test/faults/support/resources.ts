import { activeResourceCounts } from '../../helpers/activeResources.js';
import { waitUntil } from './waitUntil.js';

/** Handles that mean a socket is still open: TCP, and the pipes and handle of a child server process. */
const SOCKET_KINDS = ['TCPSocketWrap', 'TCPServerWrap', 'TCPWRAP', 'TCPConnectWrap', 'PipeWrap', 'ProcessWrap'];
const TIMER_KINDS = ['Timeout', 'Immediate'];

/** How many sockets and timers outlived the scenario, compared with the baseline. */
export interface ResourcesLeft {
  readonly sockets: number;
  readonly timers: number;
}

function excess(baseline: Record<string, number>, kinds: readonly string[]): number {
  const now = activeResourceCounts();
  return kinds.reduce((sum, kind) => sum + Math.max(0, (now[kind] ?? 0) - (baseline[kind] ?? 0)), 0);
}

/**
 * Waits (up to `deadlineMs`) for the process's sockets and timers to come back to `baseline`; closed sockets and
 * cleared timers leave the list a moment after close, so the count is watched, not read once. Resolves with what
 * is still left at the end (0 and 0 when everything was released).
 */
export async function resourcesLeftAfter(baseline: Record<string, number>, deadlineMs = 10_000): Promise<ResourcesLeft> {
  const left = (): ResourcesLeft => ({ sockets: excess(baseline, SOCKET_KINDS), timers: excess(baseline, TIMER_KINDS) });
  // The condition runs after the polling timer has fired, so that timer is not counted.
  await waitUntil('sockets and timers to be released', () => {
    const now = left();
    return now.sockets === 0 && now.timers === 0;
  }, deadlineMs).catch(() => undefined);
  return left();
}
