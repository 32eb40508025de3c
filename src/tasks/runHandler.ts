import { TaskType } from '../api/models/index.js';
import type { BatchTask } from '../api/models/index.js';
import { describeError } from './linkFailure.js';
import { isLinkFailure } from './linkFailure.js';
import type { ReportedStatus, TaskContext, TaskHandler } from './types.js';

/** What the service reports for a run. */
export interface RunOutcome {
  status: ReportedStatus;
  resultMessage: string;
}

const TYPE_NAMES = new Map<number, string>(Object.entries(TaskType).map(([name, value]) => [value, name]));

/** `HelloWorld (1)`, or `type 42` for a number the enum does not know. */
export function describeTaskType(type: number): string {
  const name = TYPE_NAMES.get(type);
  return name === undefined ? `type ${type}` : `${name} (${type})`;
}

/**
 * Runs `handler` on `task` and always yields an outcome: a missing handler, a rejection or a malformed answer
 * each become `Failed` with a message saying which; a rejection because the server was unreachable becomes
 * `Pending` (hand the task back), since the task itself may be fine.
 */
export async function runHandler(handler: TaskHandler | undefined, task: Readonly<BatchTask>, context: TaskContext): Promise<RunOutcome> {
  const type = describeTaskType(task.type);
  if (handler === undefined) {
    return { status: 'Failed', resultMessage: `No handler for task type ${type} on node ${context.node.id}` };
  }
  let outcome: unknown;
  try {
    outcome = await handler(task, context);
  } catch (error) {
    if (isLinkFailure(error)) {
      return { status: 'Pending', resultMessage: `Handed back by node ${context.node.id}: ${describeError(error)}` };
    }
    return { status: 'Failed', resultMessage: `The ${type} handler failed: ${describeError(error)}` };
  }
  if (isOutcome(outcome)) return { status: outcome.status, resultMessage: outcome.resultMessage };
  return {
    status: 'Failed',
    resultMessage: `The ${type} handler returned ${JSON.stringify(outcome) ?? String(outcome)}, not {status: 'Completed'|'Failed', resultMessage: string}`,
  };
}

function isOutcome(value: unknown): value is RunOutcome & { status: 'Completed' | 'Failed' } {
  if (typeof value !== 'object' || value === null) return false;
  const { status, resultMessage } = value as Record<string, unknown>;
  return (status === 'Completed' || status === 'Failed') && typeof resultMessage === 'string';
}
