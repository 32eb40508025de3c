import type { PlannedTask } from '../workload.js';
import { planWorkload, WORK_SHARE } from '../workload.js';
import type { OfflineOptions } from './options.js';

/** A task a desktop client creates, and when (ms from the start of the story). */
export interface PlannedCreate {
  readonly task: PlannedTask;
  readonly atMs: number;
}

/** What one desktop client does: its creates in the order it queues them. */
export interface ClientPlan {
  readonly clientId: string;
  readonly creates: readonly PlannedCreate[];
}

/** The moments of the story, ms from its start. */
export interface OfflineTimeline {
  /** The server is killed (SIGKILL). */
  readonly serverDownAtMs: number;
  /** The server is started again on the same database and port. */
  readonly serverUpAtMs: number;
  /** The latest moment a worker is killed (as soon as one holds undelivered entries after the server went down). */
  readonly workerKillByMs: number;
}

// Share of the story each worker spends working. The burst alone (half the tasks) keeps every worker busy to 30 %
// of the run, past the moment the server goes down (20 %): each then finishes a task it cannot report, so its
// outbox holds a result when the scenario picks the worker to kill.
const OFFLINE_WORK_SHARE = 0.6;

/** The story's moments: the server down from 20 % to 55 % of the duration; a worker killed by 45 %. */
export function offlineTimeline(durationMs: number): OfflineTimeline {
  return { serverDownAtMs: Math.round(durationMs * 0.2), serverUpAtMs: Math.round(durationMs * 0.55), workerKillByMs: Math.round(durationMs * 0.45) };
}

/**
 * The tasks of a run dealt round-robin to the clients (the same seed gives the same plan), each working a seeded
 * time around `0.6 × duration × workers / tasks`. Each client creates
 * the first half of its tasks at once, so the workers have a backlog when the server goes down, and the rest
 * evenly from 10 % to 50 % of the duration, mostly while the server is down: those are queued in its outbox.
 */
export function planOfflineWork(options: OfflineOptions): ClientPlan[] {
  const scale = OFFLINE_WORK_SHARE / WORK_SHARE;
  const tasks = planWorkload(options.seed, options.tasks, options.workers, options.durationMs)
    .map((task) => ({ ...task, workMs: Math.max(1, Math.round(task.workMs * scale)) }));
  return Array.from({ length: options.clients }, (_, c) => {
    const mine = tasks.filter((_, i) => i % options.clients === c);
    const burst = Math.ceil(mine.length / 2);
    const later = mine.length - burst;
    const from = options.durationMs * 0.1;
    const span = options.durationMs * 0.4;
    const creates = mine.map((task, i) => ({
      task,
      atMs: i < burst ? 0 : Math.round(from + (span * (i - burst + 1)) / later),
    }));
    return { clientId: `desk-${c + 1}`, creates };
  });
}
