import { BatchTaskStatus } from '../api/models/index.js';
import type { OperationArgs, OperationName } from '../api/operations/index.js';

/** Tasks remembered at most; past it the oldest claim is forgotten (a node that never reports a final status). */
const DEFAULT_LIMIT = 10_000;

/** The task id and status of an `updateTaskStatus` call, the task id of an `assignTaskToNode`; null for any other. */
function taskWrite(operation: OperationName, args: readonly unknown[]): { taskId: number; status: number | null } | null {
  const [taskId, status] = args;
  if (typeof taskId !== 'number') return null;
  if (operation === 'updateTaskStatus') return { taskId, status: typeof status === 'number' ? status : null };
  if (operation === 'assignTaskToNode') return { taskId, status: null };
  return null;
}

/** The `status` of a task answer, or undefined. */
function statusOf(answer: unknown): unknown {
  return typeof answer === 'object' && answer !== null && 'status' in answer ? answer.status : undefined;
}

/**
 * Which endpoint served each task's claim, so its status updates (whose rowVersion the claim's answer gave) go to
 * the same server. A claim is `updateTaskStatus(id, Running)` answered with the task Running (how `claimTask`
 * claims; a 409 answers with another status or none) or `assignTaskToNode` answered true; the entry is dropped once any other
 * status was written: a final one (Completed, Failed, Cancelled) or Pending (given back). Bounded: at most `limit`.
 */
export class StickyTasks {
  private readonly byTask = new Map<number, string>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** Tasks remembered now. */
  get size(): number {
    return this.byTask.size;
  }

  /** The endpoint `operation(args)` should stay on, or undefined when it is not a write of a claimed task. */
  endpointFor<N extends OperationName>(operation: N, args: OperationArgs<N>): string | undefined {
    const write = taskWrite(operation, args);
    return write === null ? undefined : this.byTask.get(write.taskId);
  }

  /** Records that `url` answered `operation(args)` with `answer`: remembers a claim, forgets a task given up or done. */
  served<N extends OperationName>(operation: N, args: OperationArgs<N>, url: string, answer: unknown): void {
    const write = taskWrite(operation, args);
    if (write === null) return;
    this.byTask.delete(write.taskId);
    const claimed = write.status === null ? answer === true : write.status === BatchTaskStatus.Running && statusOf(answer) === BatchTaskStatus.Running;
    if (!claimed) return;
    this.byTask.set(write.taskId, url);
    if (this.byTask.size > this.limit) {
      const oldest = this.byTask.keys().next();
      if (oldest.done !== true) this.byTask.delete(oldest.value);
    }
  }

  /** Forgets every task claimed through `url` (an endpoint discovery dropped). */
  forgetEndpoint(url: string): void {
    for (const [taskId, endpoint] of this.byTask) if (endpoint === url) this.byTask.delete(taskId);
  }
}
