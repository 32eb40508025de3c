import type { BatchTask } from '../api/models/index.js';
import { helloWorldHandler, testMessageHandler } from '../tasks/handlers/index.js';
import type { TaskHandler } from '../tasks/types.js';

/** The work time a demo task carries in its parameters (`{"workMs": 420}`); 0 when absent or unreadable. */
export function workMsOf(task: Readonly<BatchTask>): number {
  if (task.parameters === null) return 0;
  try {
    const parsed: unknown = JSON.parse(task.parameters);
    const value: unknown = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).workMs : undefined;
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
  } catch {
    return 0;
  }
}

/** The built-in handler of a type, working as long as the task's parameters say. */
function withWork(build: (options: { workMs: number }) => TaskHandler): TaskHandler {
  return (task, context) => build({ workMs: workMsOf(task) })(task, context);
}

/**
 * FileProcessing as a render node would do it: take the output file's lock, report the input folder half done,
 * work, report it done; the lock is released whatever happens. A lock held by another node fails the task. A
 * server that cannot be reached makes the lock call reject, and the service hands the task back.
 */
export const fileProcessingHandler: TaskHandler = async (task, context) => {
  const folderPath = `demo/in/${task.id}`;
  const result = await context.withFileLock(`demo/out/${task.id}.bin`, async () => {
    await context.reportFolderProgress({ folderPath, status: 'InProgress', progress: 50 });
    if (!(await context.delay(workMsOf(task)))) return null;
    await context.reportFolderProgress({ folderPath, status: 'Completed', progress: 100 });
    return `processed ${task.name} on ${context.node.name}`;
  });
  if (!result.acquired) return { status: 'Failed', resultMessage: `${task.name}: the output file is locked by another node` };
  if (result.value === null) return { status: 'Failed', resultMessage: `${task.name} was interrupted` };
  return { status: 'Completed', resultMessage: result.value };
};

/** The handlers of a demo node: HelloWorld and TestMessage with their work time, and FileProcessing. */
export function demoHandlers(): Record<'HelloWorld' | 'TestMessage' | 'FileProcessing', TaskHandler> {
  return {
    HelloWorld: withWork(helloWorldHandler),
    TestMessage: withWork(testMessageHandler),
    FileProcessing: fileProcessingHandler,
  };
}
