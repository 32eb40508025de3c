import { TaskType } from '../../api/models/index.js';
import type { TaskHandler } from '../types.js';
import { helloWorldHandler } from './helloWorld.js';
import { testMessageHandler } from './testMessage.js';

export { helloWorldHandler } from './helloWorld.js';
export type { HelloWorldOptions } from './helloWorld.js';
export { testMessageHandler } from './testMessage.js';
export type { TestMessageOptions } from './testMessage.js';

/** The handlers a service has unless told otherwise: HelloWorld and TestMessage, without simulated work. */
export function builtInHandlers(): Map<TaskType, TaskHandler> {
  return new Map<TaskType, TaskHandler>([
    [TaskType.HelloWorld, helloWorldHandler()],
    [TaskType.TestMessage, testMessageHandler()],
  ]);
}
