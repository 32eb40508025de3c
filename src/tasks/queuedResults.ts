import { BatchTaskStatus } from '../api/models/index.js';
import type { BatchTask } from '../api/models/index.js';
import type { DeadLetter, OfflineWriter, OutboxEntry } from '../outbox/types.js';
import type { PendingDelivery } from './deliverResult.js';
import type { ReportedStatus } from './types.js';

/** A held result that lives in the outbox: the delivery and the entry that carries it. */
export interface QueuedDelivery {
  readonly delivery: PendingDelivery;
  readonly entryId: number;
}

/**
 * How the outbox let go of an entry: delivered (with what the call resolved to, a task for a status PUT, null
 * when unknown), dead-lettered, or gone without an event this object saw (delivered before it subscribed, or
 * dropped by an operator): the caller reads the task back to know which.
 */
export type Settlement =
  | { readonly kind: 'delivered'; readonly result: BatchTask | null }
  | { readonly kind: 'deadLettered'; readonly deadLetter: DeadLetter }
  | { readonly kind: 'gone' };

const STATUS_NAMES = new Map<number, ReportedStatus>([
  [BatchTaskStatus.Pending, 'Pending'], [BatchTaskStatus.Completed, 'Completed'], [BatchTaskStatus.Failed, 'Failed'],
]);

/** The entity of every write about task `taskId`: its progress, its result. One entity keeps them in order. */
export function taskEntity(taskId: number): string {
  return `task:${taskId}`;
}

/** The entity of a lock release: the service claims nothing while one is queued. */
export function lockEntity(filePath: string): string {
  return `lock:${filePath}`;
}

/** True for the entity of a lock release. */
export function isLockEntity(entity: string): boolean {
  return entity.startsWith('lock:');
}

/**
 * A node's held results kept in an outbox ({@link OfflineWriter}), so a result survives a `kill -9` of the node:
 * `queue` puts one in (durable before it resolves), `recover` finds those a previous run left, `settled` waits
 * until the outbox lets go of one. The outbox delivers them; judging the server's answer (our result, a claim
 * still ours with a new rowVersion, or a task moved on) stays with the service.
 */
export class QueuedResults {
  private readonly outcomes = new Map<number, Settlement>();
  // The entries this object queued or recovered and has not seen settled: only their outcomes are kept.
  private readonly watched = new Set<number>();
  private readonly waiters = new Set<() => void>();
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly writer: OfflineWriter) {
    // Subscribed before anything is queued or recovered, so no settlement of ours can pass unseen while we run.
    this.unsubscribe = [
      writer.on('delivered', ({ entry, result }) => this.record(entry, { kind: 'delivered', result: asTask(result) })),
      writer.on('deadLettered', ({ deadLetter }) => this.record(deadLetter.entry, { kind: 'deadLettered', deadLetter })),
    ];
  }

  /**
   * Queues `delivery` as an `updateTaskStatus` entry of its task's entity, after the task's progress reports.
   * @throws the outbox's error (OutboxFullError, OutboxStorageError, ...) when it cannot be queued.
   */
  async queue(delivery: PendingDelivery): Promise<QueuedDelivery> {
    const entry = await this.writer.enqueue({
      operation: 'updateTaskStatus',
      args: [delivery.taskId, delivery.status, { rowVersion: delivery.rowVersion, resultMessage: delivery.resultMessage }],
      entity: taskEntity(delivery.taskId),
    });
    this.watched.add(entry.id);
    return { delivery, entryId: entry.id };
  }

  /**
   * The results still in the outbox, in queue order, as deliveries made with `marker`: what a node killed while
   * holding them left behind. Only final statuses and hand-backs are results; other status writes are not ours.
   */
  recover(marker: string): QueuedDelivery[] {
    return this.writer.list().flatMap((entry) => {
      const delivery = deliveryOf(entry, marker);
      if (delivery === null) return [];
      this.watched.add(entry.id);
      return [{ delivery, entryId: entry.id }];
    });
  }

  /** True while the outbox holds an entry whose entity `matches`. */
  holds(matches: (entity: string) => boolean): boolean {
    return this.writer.list().some((entry) => matches(entry.entity));
  }

  /** Resolves once the outbox holds no entry whose entity `matches`, or `signal` aborts (false). */
  async drainedOf(matches: (entity: string) => boolean, signal: AbortSignal): Promise<boolean> {
    while (this.holds(matches)) {
      if (!(await this.nextChange(signal))) return false;
    }
    return true;
  }

  /** Resolves with how the outbox let go of `entryId`, or null when `signal` aborts first. */
  async settled(entryId: number, signal: AbortSignal): Promise<Settlement | null> {
    for (;;) {
      const outcome = this.outcomes.get(entryId);
      if (outcome !== undefined) {
        this.outcomes.delete(entryId);
        this.watched.delete(entryId);
        return outcome;
      }
      if (!this.writer.list().some((entry) => entry.id === entryId)) {
        this.watched.delete(entryId);
        return { kind: 'gone' };
      }
      if (!(await this.nextChange(signal))) return null;
    }
  }

  /** Removes a dead letter the service has settled itself (re-queued, or judged superseded). */
  dropDeadLetter(deadLetter: DeadLetter): void {
    this.writer.drop(deadLetter.id, { deadLetter: true });
  }

  /** Stops listening to the outbox. */
  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.outcomes.clear();
    this.watched.clear();
    for (const wake of [...this.waiters]) wake();
  }

  private record(entry: OutboxEntry, outcome: Settlement): void {
    if (this.watched.has(entry.id)) this.outcomes.set(entry.id, outcome);
    for (const wake of [...this.waiters]) wake();
  }

  // Resolves true on the next delivered or dead-lettered entry, false when `signal` aborts.
  private nextChange(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const wake = (): void => {
        this.waiters.delete(wake);
        signal.removeEventListener('abort', onAbort);
        resolve(!signal.aborted);
      };
      const onAbort = (): void => wake();
      this.waiters.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The delivery an `updateTaskStatus` entry carries, when it is a result (final status or hand-back). */
function deliveryOf(entry: OutboxEntry, marker: string): PendingDelivery | null {
  if (entry.operation !== 'updateTaskStatus') return null;
  const [taskId, status, options] = entry.args;
  const reported = typeof status === 'number' ? STATUS_NAMES.get(status) : typeof status === 'string' ? nameOf(status) : undefined;
  if (typeof taskId !== 'number' || reported === undefined || typeof options !== 'object' || options === null) return null;
  const { rowVersion, resultMessage } = options as { rowVersion?: unknown; resultMessage?: unknown };
  if (typeof resultMessage !== 'string') return null;
  return {
    taskId, status: reported, resultMessage, marker, attempts: entry.attempts,
    rowVersion: typeof rowVersion === 'string' ? rowVersion : null,
  };
}

function nameOf(status: string): ReportedStatus | undefined {
  return status === 'Pending' || status === 'Completed' || status === 'Failed' ? status : undefined;
}

function asTask(result: unknown): BatchTask | null {
  if (typeof result !== 'object' || result === null) return null;
  const { id, status } = result as Record<string, unknown>;
  return typeof id === 'number' && typeof status === 'number' ? (result as BatchTask) : null;
}
