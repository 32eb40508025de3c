import { seededRandom } from '../../machines/random.js';
import type { BatchTaskDraft, TaskTypeName } from '../api/models/index.js';

/** One task the demo seeds. */
export interface PlannedTask {
  /** Unique within a run: the audit finds a task created twice by its name. */
  readonly name: string;
  readonly type: Extract<TaskTypeName, 'HelloWorld' | 'TestMessage' | 'FileProcessing'>;
  /** How long its handler works, ms. */
  readonly workMs: number;
}

/** Share of the run the nodes spend working, all together: the rest is for faults, claims and recovery. */
export const WORK_SHARE = 0.45;

/**
 * The tasks of a run: 40% HelloWorld, 40% TestMessage, 20% FileProcessing (a file lock and folder progress),
 * each working a seeded time around `WORK_SHARE × duration × nodes / tasks` (half to one and a half of it), so
 * the work spreads over the run whatever the numbers. The same seed gives the same tasks.
 */
export function planWorkload(seed: number, tasks: number, nodes: number, durationMs: number): PlannedTask[] {
  const random = seededRandom(seed ^ 0x7a5c);
  const meanMs = (WORK_SHARE * durationMs * nodes) / tasks;
  const width = String(tasks).length;
  return Array.from({ length: tasks }, (_, index): PlannedTask => {
    const pick = random();
    const type = pick < 0.4 ? 'HelloWorld' : pick < 0.8 ? 'TestMessage' : 'FileProcessing';
    return { name: `demo-task-${String(index + 1).padStart(width, '0')}`, type, workMs: Math.round(meanMs * (0.5 + random())) };
  });
}

/** The task as sent to `POST api/tasks`; the work time travels in its parameters, so any node can read it. */
export function draftOf(task: PlannedTask): BatchTaskDraft {
  const parameters = task.type === 'TestMessage'
    ? { message: `${task.name} says hello`, workMs: task.workMs }
    : { workMs: task.workMs };
  return { name: task.name, type: task.type, parameters: JSON.stringify(parameters) };
}
