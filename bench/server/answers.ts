/** The answers of the benchmark server: task lists as the real server writes them, and the health answer. */
import { toDotnetJson } from './dotnetWire.js';
import { generateTasks } from './taskList.js';

const taskAnswers = new Map<number, Buffer>();

/**
 * The body of `GET api/tasks` for a server holding `count` tasks (about 390 bytes a task), built once per count
 * and then served as the same bytes.
 */
export function tasksAnswer(count: number): Buffer {
  let body = taskAnswers.get(count);
  if (body === undefined) {
    body = Buffer.from(toDotnetJson(generateTasks(count)));
    taskAnswers.set(count, body);
  }
  return body;
}

/** `GET api/tasks` without a size (fail-fast, recovery, memory, herd): three tasks, about 1.3 KB. */
export const tasksBody = tasksAnswer(3);

/** `GET api/health`. */
export const healthBody = Buffer.from(JSON.stringify({ status: 'healthy', timestamp: '2026-01-15T10:00:00Z', version: 'bench-1.0' }));
