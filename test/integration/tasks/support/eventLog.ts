import type { TaskExecutionService } from '../../../../src/tasks/TaskExecutionService.js';
import type { TaskServiceEventName, TaskServiceEvents } from '../../../../src/tasks/events.js';

const NAMES: TaskServiceEventName[] = [
  'registered', 'taskClaimed', 'claimConflict', 'taskCompleted', 'taskFailed', 'taskHandedBack', 'deliveryDeferred', 'deliveryRetried',
  'deliverySuperseded', 'deliveryAbandoned', 'linkDown', 'linkUp',
];

/** One event of one node. */
export type NodeEvent = { [K in TaskServiceEventName]: { node: string; name: K } & TaskServiceEvents[K] }[TaskServiceEventName];

/**
 * Every event of several services in arrival order, and a way to wait for a condition over them that is
 * checked on each new event (no polling, no sleeping); the deadline only turns a hang into a readable failure.
 */
export class EventLog {
  readonly events: NodeEvent[] = [];
  private readonly waiters = new Set<() => void>();

  watch(service: TaskExecutionService): void {
    for (const name of NAMES) {
      service.on(name, (event: object) => {
        this.events.push({ node: service.node.id, name, ...event } as NodeEvent);
        for (const check of [...this.waiters]) check();
      });
    }
  }

  /** Events named `name` (of one node when given). */
  named<K extends TaskServiceEventName>(name: K, node?: string): ({ node: string; name: K } & TaskServiceEvents[K])[] {
    return this.events.filter((e) => e.name === name && (node === undefined || e.node === node)) as
      ({ node: string; name: K } & TaskServiceEvents[K])[];
  }

  /** Resolves once `condition` holds; rejects after `deadlineMs` with `what` (read then, when a function) and the last events. */
  until(what: string | (() => string), condition: () => boolean, deadlineMs = 20_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(deadline);
        this.waiters.delete(check);
        resolve();
      };
      const deadline = setTimeout(() => {
        this.waiters.delete(check);
        const tail = this.events.slice(-15).map((e) => `${e.node} ${e.name}`).join('\n');
        reject(new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}; last events:\n${tail}`));
      }, deadlineMs);
      this.waiters.add(check);
    });
  }
}
