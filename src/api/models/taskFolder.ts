import type { z } from 'zod';
import { deferred, lazySchema, zod } from '../../util/zodModule.js';
import { taskFolderStatusSchema } from './enums.js';
import type { TaskFolderStatus, TaskFolderStatusName } from './enums.js';
import { intId, isoDateTime, nullable, wireNumber, wireObject, wireString } from './wire.js';

const percent = deferred(() => wireNumber({ min: 0, max: 100 }));

/** Progress of one folder of a task. `progress` is a percentage, 0..100. */
export const taskFolderProgressSchema = lazySchema(() => wireObject({
  id: intId,
  taskId: intId,
  folderPath: wireString,
  folderName: wireString,
  status: taskFolderStatusSchema,
  assignedNodeId: nullable(wireString),
  assignedNodeName: nullable(wireString),
  createdAt: isoDateTime,
  startedAt: nullable(isoDateTime),
  completedAt: nullable(isoDateTime),
  errorMessage: nullable(wireString),
  progress: percent,
  outputPath: nullable(wireString),
}));

/** Progress of one folder of a task. */
export type TaskFolderProgress = z.output<typeof taskFolderProgressSchema>;

/** What `createTaskFolder` sends; the server assigns id, task id and dates. */
export interface TaskFolderDraft {
  folderPath: string;
  folderName: string;
  status?: TaskFolderStatus | TaskFolderStatusName;
  progress?: number;
  outputPath?: string | null;
}

/** Reads a {@link TaskFolderDraft} from a caller. */
export const taskFolderDraftSchema = lazySchema(() => zod().object({
  folderPath: zod().string().min(1),
  folderName: zod().string(),
  status: taskFolderStatusSchema.optional(),
  progress: percent.optional(),
  outputPath: zod().string().nullish(),
}));

/** The optional part of `updateTaskFolderStatus`. */
export interface TaskFolderStatusDetails {
  nodeId?: string | null;
  nodeName?: string | null;
  /** Percentage 0..100; 0 when omitted, as the original client did. */
  progress?: number;
  errorMessage?: string | null;
  outputPath?: string | null;
}

/** Reads {@link TaskFolderStatusDetails} from a caller. */
export const taskFolderStatusDetailsSchema = lazySchema(() => zod().object({
  nodeId: zod().string().nullish(),
  nodeName: zod().string().nullish(),
  progress: percent.optional(),
  errorMessage: zod().string().nullish(),
  outputPath: zod().string().nullish(),
}));
