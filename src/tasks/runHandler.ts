import { TaskType } from '../clients/models/index.js';
import type { BatchTask } from '../clients/models/index.js';
import { describeError } from './linkFailure.js';
import type { TaskContext, TaskHandler, TaskOutcome } from './types.js';

const TYPE_NAMES = new Map<number, string>(Object.entries(TaskType).map(([name, value]) => [value, name]));

/** `HelloWorld (1)`, or `type 42` for a number the enum does not know. */
export function describeTaskType(type: number): string {
  const name = TYPE_NAMES.get(type);
  return name === undefined ? `type ${type}` : `${name} (${type})`;
}

/**
 * Runs `handler` on `task` and always yields an outcome: a missing handler, a rejection or a malformed answer
 * each become `Failed` with a message saying which.
 */
export async function runHandler(handler: TaskHandler | undefined, task: Readonly<BatchTask>, context: TaskContext): Promise<TaskOutcome> {
  const type = describeTaskType(task.type);
  if (handler === undefined) {
    return { status: 'Failed', resultMessage: `No handler for task type ${type} on node ${context.node.id}` };
  }
  let outcome: unknown;
  try {
    outcome = await handler(task, context);
  } catch (error) {
    return { status: 'Failed', resultMessage: `The ${type} handler failed: ${describeError(error)}` };
  }
  if (isOutcome(outcome)) return { status: outcome.status, resultMessage: outcome.resultMessage };
  return {
    status: 'Failed',
    resultMessage: `The ${type} handler returned ${JSON.stringify(outcome) ?? String(outcome)}, not {status: 'Completed'|'Failed', resultMessage: string}`,
  };
}

function isOutcome(value: unknown): value is TaskOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const { status, resultMessage } = value as Record<string, unknown>;
  return (status === 'Completed' || status === 'Failed') && typeof resultMessage === 'string';
}
