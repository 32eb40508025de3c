import { lazySchema, zod } from '../../util/zodModule.js';
import { NOT_VALID, withFastCheck } from './fastCheck.js';

/**
 * The server's enums. Plain `const` objects with numeric values plus union types (not TS enums), so a value
 * is just the number the default ASP.NET serializer sends. Readers accept the number or the member name in
 * any letter case (a server with a string-enum converter sends names) and always yield the number.
 */

/** Lifecycle of a batch task. */
export const BatchTaskStatus = { Pending: 0, Running: 1, Completed: 2, Failed: 3, Cancelled: 4 } as const;
export type BatchTaskStatus = (typeof BatchTaskStatus)[keyof typeof BatchTaskStatus];
export type BatchTaskStatusName = keyof typeof BatchTaskStatus;

/** Kind of work a batch task does. */
export const TaskType = {
  Unknown: 0, HelloWorld: 1, TestMessage: 2, RenderThumbnails: 3, FileProcessing: 4, RealityCapture: 5,
  PackageTask: 6, VolumeCompression: 7,
} as const;
export type TaskType = (typeof TaskType)[keyof typeof TaskType];
export type TaskTypeName = keyof typeof TaskType;

/** Lifecycle of one folder of a task. */
export const TaskFolderStatus = { Pending: 0, InProgress: 1, Completed: 2, Failed: 3 } as const;
export type TaskFolderStatus = (typeof TaskFolderStatus)[keyof typeof TaskFolderStatus];
export type TaskFolderStatusName = keyof typeof TaskFolderStatus;

/**
 * A schema for one of the enums above: accepts a member's number or its name in any case, yields the number.
 * Unknown numbers and names are rejected with a message listing the allowed names.
 */
export function enumSchema<E extends Record<string, number>>(enumName: string, members: E) {
  const byLowerName = new Map<string, E[keyof E]>(
    Object.entries(members).map(([name, value]) => [name.toLowerCase(), value as E[keyof E]]),
  );
  const byValue = new Map<number, E[keyof E]>(Object.values(members).map((value) => [value, value as E[keyof E]]));
  const allowed = Object.entries(members).map(([name, value]) => `${name}=${value}`).join(', ');
  const lookUp = (raw: unknown): E[keyof E] | undefined => {
    if (typeof raw === 'number') return byValue.get(raw);
    return typeof raw === 'string' ? byLowerName.get(raw.trim().toLowerCase()) : undefined;
  };
  const schema = zod().union([zod().number(), zod().string()]).transform((raw, ctx): E[keyof E] => {
    const value = lookUp(raw);
    if (value !== undefined) return value;
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(raw)} is not a ${enumName} (${allowed})` });
    return zod().NEVER;
  });
  // No member is NaN or infinite, so the look-up alone also turns away the numbers zod().number() refuses.
  return withFastCheck(schema, (input) => lookUp(input) ?? NOT_VALID);
}

export const batchTaskStatusSchema = lazySchema(() => enumSchema('BatchTaskStatus', BatchTaskStatus));
export const taskTypeSchema = lazySchema(() => enumSchema('TaskType', TaskType));
export const taskFolderStatusSchema = lazySchema(() => enumSchema('TaskFolderStatus', TaskFolderStatus));
