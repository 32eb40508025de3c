import type { TaskHandler } from '../types.js';

/** Options of {@link testMessageHandler}. */
export interface TestMessageOptions {
  /** Simulated work, ms, waited on the service's timers. Default 0. */
  workMs?: number;
}

/**
 * The built-in TestMessage handler: echoes `parameters.message`. The parameters must be a JSON object whose
 * `message` is a string (no parameters: a default message); anything else fails the task with the reason.
 */
export function testMessageHandler(options: TestMessageOptions = {}): TaskHandler {
  const workMs = options.workMs ?? 0;
  return async (task, context) => {
    const message = readMessage(task.parameters, context.node.name);
    if (!message.ok) return { status: 'Failed', resultMessage: `TestMessage task ${task.id}: ${message.problem}` };
    if (workMs > 0 && !(await context.delay(workMs))) {
      return { status: 'Failed', resultMessage: `TestMessage task ${task.id} was interrupted` };
    }
    return { status: 'Completed', resultMessage: `Test message from ${context.node.name}: ${message.text}` };
  };
}

function readMessage(parameters: string | null, nodeName: string): { ok: true; text: string } | { ok: false; problem: string } {
  if (parameters === null || parameters.trim() === '') return { ok: true, text: `hello from ${nodeName}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(parameters);
  } catch {
    return { ok: false, problem: `parameters are not JSON: ${JSON.stringify(parameters.slice(0, 80))}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: 'parameters must be a JSON object like {"message": "..."}' };
  }
  const text: unknown = (parsed as Record<string, unknown>).message;
  if (text === undefined) return { ok: true, text: `hello from ${nodeName}` };
  if (typeof text !== 'string') return { ok: false, problem: `parameters.message must be a string, got ${typeof text}` };
  return { ok: true, text };
}
