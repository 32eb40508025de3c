import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultProxy } from '../../src/demo/faultProxy.js';
import { startServerProcess } from '../../src/demo/serverProcess.js';
import type { ServerProcess } from '../../src/demo/serverProcess.js';
import type { Fault } from '../../src/demo/timeline.js';

/** One step of the flapping cycle: a proxy fault, or the server killed for the step and restarted after it. */
type Step = { readonly kind: 'proxy'; readonly fault: Fault | null } | { readonly kind: 'kill' };

/** The cycle: every fault is followed by a calm step, so recovery is exercised as often as failure. */
const CYCLE: readonly Step[] = [
  { kind: 'proxy', fault: { kind: 'serverErrors', errorRate: 0.5, statuses: [500, 502, 503], lostAnswerRate: 0.2 } },
  { kind: 'proxy', fault: null },
  { kind: 'kill' },
  { kind: 'proxy', fault: null },
  { kind: 'proxy', fault: { kind: 'slowResponses', minDelayMs: 100, maxDelayMs: 1500 } },
  { kind: 'proxy', fault: null },
  { kind: 'proxy', fault: { kind: 'rateLimited', rate: 0.4, retryAfterSeconds: 1 } },
  { kind: 'proxy', fault: null },
];

/** What the flapping did. */
export interface FlapCounts {
  steps: number;
  kills: number;
  restarts: number;
}

/** The server behind the proxy, restartable on the same port and database. */
export interface ServerHandle {
  current: ServerProcess;
}

/**
 * Plays {@link CYCLE} one step every `stepMs` until `signal` aborts, then leaves the proxy clear and the server
 * running. A kill is SIGKILL (a crash); the restart reuses the port and the SQLite file.
 */
export async function flap(proxy: FaultProxy, server: ServerHandle, db: string, stepMs: number, signal: AbortSignal): Promise<FlapCounts> {
  const counts: FlapCounts = { steps: 0, kills: 0, restarts: 0 };
  const wait = () => sleep(stepMs, undefined, { signal }).catch(() => undefined);
  for (let index = 0; !signal.aborted; index = (index + 1) % CYCLE.length) {
    const step = CYCLE[index] ?? { kind: 'proxy', fault: null };
    counts.steps += 1;
    if (step.kind === 'proxy') {
      proxy.setFault(step.fault);
      await wait();
      continue;
    }
    proxy.setFault({ kind: 'serverDown' });
    await server.current.kill();
    counts.kills += 1;
    await wait();
    server.current = await startServerProcess({ db, port: server.current.port });
    counts.restarts += 1;
    proxy.setFault(null);
  }
  proxy.setFault(null);
  return counts;
}
