import { vi } from 'vitest';
import type { TaskExecutionService } from '../../../../src/tasks/TaskExecutionService.js';
import type { TaskServiceEventName, TaskServiceEvents } from '../../../../src/tasks/events.js';

const ALL_EVENTS: TaskServiceEventName[] = [
  'registered', 'taskClaimed', 'claimConflict', 'taskCompleted', 'taskFailed', 'taskHandedBack', 'deliveryDeferred', 'deliveryRetried',
  'deliverySuperseded', 'deliveryAbandoned', 'linkDown', 'linkUp',
];

/** One recorded event, tagged with its name. */
export type Recorded = { [K in TaskServiceEventName]: { name: K } & TaskServiceEvents[K] }[TaskServiceEventName];

/** Records every event of `service`, in order. */
export function recordEvents(service: TaskExecutionService): Recorded[] {
  const log: Recorded[] = [];
  for (const name of ALL_EVENTS) {
    service.on(name, (event: object) => log.push({ name, ...event } as Recorded));
  }
  return log;
}

/** The names of `log`'s events, keeping only those named in `only` when given. */
export function names(log: readonly Recorded[], only?: readonly TaskServiceEventName[]): string[] {
  return log.filter((e) => only === undefined || only.includes(e.name)).map((e) => e.name);
}

/** Advances vitest's fake clock in steps until `condition` holds; fails after `maxMs` of fake time. */
export async function advanceUntil(condition: () => boolean, maxMs = 120_000, stepMs = 5): Promise<void> {
  for (let elapsed = 0; !condition(); elapsed += stepMs) {
    if (elapsed > maxMs) throw new Error(`condition not met within ${maxMs} ms of fake time`);
    await vi.advanceTimersByTimeAsync(stepMs);
  }
}
