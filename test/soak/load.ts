import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiClient } from '../../src/index.js';
import type { Tally } from './tally.js';

/** Pause between two calls of one caller: keeps the load steady without taking both shared cores. */
const PAUSE_MS = 20;

/** One caller's identity: the node it acts as and the task ids it reads. */
export interface CallerIdentity {
  readonly nodeId: string;
  readonly taskIds: readonly number[];
}

/**
 * Calls `api` in a loop until `signal` aborts, cycling through reads, heartbeats, a file lock taken and
 * released, and a health check; each outcome goes to `tally`. A call never throws out of the loop. Resolves
 * once the loop has stopped and its last call has settled.
 */
export async function callInLoop(api: ApiClient, who: CallerIdentity, tally: Tally, signal: AbortSignal): Promise<void> {
  const steps: ReadonlyArray<(round: number) => Promise<unknown>> = [
    () => api.getTasks(),
    () => api.sendHeartbeat(who.nodeId),
    (round) => api.getTaskById(who.taskIds[round % who.taskIds.length] ?? 1),
    (round) => api.tryAcquireFileLock(`soak/${who.nodeId}/${round % 4}.exr`, who.nodeId),
    (round) => api.releaseFileLock(`soak/${who.nodeId}/${round % 4}.exr`, who.nodeId),
    () => api.getAllNodes(),
    async () => {
      const health = await api.getConnectionHealth();
      if (!health.isHealthy) throw Object.assign(new Error('unhealthy'), { code: 'ERR_HEALTH_UNHEALTHY' });
    },
  ];
  for (let round = 0; !signal.aborted; round++) {
    for (const step of steps) {
      if (signal.aborted) return;
      try {
        await step(round);
        tally.ok();
      } catch (error) {
        tally.failed(error);
      }
      await sleep(PAUSE_MS);
    }
  }
}
