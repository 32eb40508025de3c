import { planWorkload } from '../workload.js';
import type { PlannedTask } from '../workload.js';
import type { EndpointsOptions } from './options.js';

/** When the endpoints scenario's faults happen, ms from the start of the story. */
export interface EndpointsTimeline {
  /** server-1 (the nodes' primary) is killed with SIGKILL: the nodes fail over to server-2. */
  readonly firstKillAtMs: number;
  /** server-2 is killed too: the nodes fail over to server-3, the last one standing. */
  readonly secondKillAtMs: number;
  /** server-1 and server-2 listen again, on the same database file and ports: the nodes fail back to server-1. */
  readonly bothBackAtMs: number;
  /** End of the story: the nodes finish what is left, then the run stops and audits. */
  readonly endAtMs: number;
}

/** The servers of the scenario. Three: one killed, then a second, and one always standing. */
export const SERVER_COUNT = 3;

/**
 * The faults at fixed shares of `durationMs`: the first kill at 20 %, the second at 40 %, both back at 65 %,
 * so after each event there is time for the breakers to open (a few failed calls), for the hold-down after the
 * servers return, and for the failback to show before the end.
 */
export function endpointsTimeline(durationMs: number): EndpointsTimeline {
  return {
    firstKillAtMs: Math.round(durationMs * 0.2),
    secondKillAtMs: Math.round(durationMs * 0.4),
    bothBackAtMs: Math.round(durationMs * 0.65),
    endAtMs: durationMs,
  };
}

/**
 * The tasks of a run, seeded as the faults demo's ({@link planWorkload}), but with work for about 70 % of the
 * story (planWorkload fills 45 % of the duration it is given, leaving the rest to injected faults; here a failover
 * costs the nodes well under a second), so the nodes are still working when the servers are killed and come back.
 */
export function planEndpointsWork(options: EndpointsOptions): PlannedTask[] {
  return planWorkload(options.seed, options.tasks, options.nodes, Math.round(options.durationMs * 1.55));
}
