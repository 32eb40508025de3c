import type { TaskHandler } from '../types.js';

/** Options of {@link helloWorldHandler}. */
export interface HelloWorldOptions {
  /** Simulated work, ms, waited on the service's timers. Default 0. */
  workMs?: number;
}

/**
 * The built-in HelloWorld handler: greets from the node. Completed with
 * `Hello, World! from <node name> (task <id>)`; Failed if the service is disposed during its simulated work.
 */
export function helloWorldHandler(options: HelloWorldOptions = {}): TaskHandler {
  const workMs = options.workMs ?? 0;
  return async (task, context) => {
    if (workMs > 0 && !(await context.delay(workMs))) {
      return { status: 'Failed', resultMessage: `HelloWorld task ${task.id} was interrupted` };
    }
    return { status: 'Completed', resultMessage: `Hello, World! from ${context.node.name} (task ${task.id})` };
  };
}
