export {
  BatchTaskStatus, TaskType, TaskFolderStatus, enumSchema,
  batchTaskStatusSchema, taskTypeSchema, taskFolderStatusSchema,
} from './enums.js';
export type { BatchTaskStatusName, TaskTypeName, TaskFolderStatusName } from './enums.js';
export { batchTaskSchema, batchTaskDraftSchema, taskConflictSchema } from './batchTask.js';
export type { BatchTask, BatchTaskDraft } from './batchTask.js';
export { computerNodeSchema, computerNodeInputSchema } from './computerNode.js';
export type { ComputerNode, ComputerNodeInput } from './computerNode.js';
export { fileLockSchema } from './fileLock.js';
export type { FileLock } from './fileLock.js';
export { taskFolderProgressSchema, taskFolderDraftSchema, taskFolderStatusDetailsSchema } from './taskFolder.js';
export type { TaskFolderProgress, TaskFolderDraft, TaskFolderStatusDetails } from './taskFolder.js';
export { healthAnswerSchema } from './health.js';
export type { HealthAnswer } from './health.js';
export { wireObject, wireList, nullable, isoDateTime } from './wire.js';
