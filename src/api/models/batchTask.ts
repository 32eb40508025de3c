import type { z } from 'zod';
import { lazySchema, zod } from '../../util/zodModule.js';
import { batchTaskStatusSchema, taskTypeSchema } from './enums.js';
import type { BatchTaskStatus, BatchTaskStatusName, TaskType, TaskTypeName } from './enums.js';
import { base64, intId, isoDateTime, nullable, wireObject, wireString, withDefault } from './wire.js';

/** A batch task as the server sends it. Dates are ISO-8601 strings; optional fields are `null` when absent. */
export const batchTaskSchema = lazySchema(() => wireObject({
  id: intId,
  name: wireString,
  type: taskTypeSchema,
  status: batchTaskStatusSchema,
  assignedNodeId: nullable(wireString),
  /** A JSON array of node ids, serialized as a string (the server's column). */
  assignedNodeIds: withDefault(wireString, '[]'),
  createdAt: isoDateTime,
  startedAt: nullable(isoDateTime),
  completedAt: nullable(isoDateTime),
  /** Task parameters, a JSON document serialized as a string. */
  parameters: nullable(wireString),
  resultMessage: nullable(wireString),
  /** Optimistic-concurrency token, base64. */
  rowVersion: nullable(base64),
}));

/** A batch task as the server sends it. */
export type BatchTask = z.output<typeof batchTaskSchema>;

/** What `createTask` sends: a name and a type at least; the server assigns id, status and dates. */
export interface BatchTaskDraft {
  name: string;
  type: TaskType | TaskTypeName;
  status?: BatchTaskStatus | BatchTaskStatusName;
  assignedNodeId?: string | null;
  assignedNodeIds?: string;
  parameters?: string | null;
  resultMessage?: string | null;
}

/** Reads a {@link BatchTaskDraft} (from a caller), normalising enum names to numbers. */
export const batchTaskDraftSchema = lazySchema(() => zod().object({
  name: zod().string().min(1),
  type: taskTypeSchema,
  status: batchTaskStatusSchema.optional(),
  assignedNodeId: zod().string().nullish(),
  assignedNodeIds: zod().string().optional(),
  parameters: zod().string().nullish(),
  resultMessage: zod().string().nullish(),
}));

/** The body of a 409 answer to `updateTaskStatus`: the server's message and its current copy of the task. */
export const taskConflictSchema = lazySchema(() => wireObject({
  message: nullable(wireString),
  currentTask: nullable(batchTaskSchema),
}));
