import type { ApiClient } from '../api/ApiClient.js';
import { batchTaskDraftSchema, batchTaskStatusSchema, taskFolderDraftSchema } from '../api/models/index.js';
import type { BatchTask } from '../api/models/index.js';
import { callArgs } from './entryArgs.js';
import type { OutboxEntry } from './types.js';

/**
 * What reading the server back says of a write whose outcome is unknown:
 * - `applied`: it is there (`found` is what was read); it is not sent again;
 * - `notApplied`: it is not there; it may be sent;
 * - `noReadBack`: the API has no way to tell, and a repeat is harmless or accepted (heartbeat, lock release,
 *   a folder status PUT, a debug message: see {@link readBack}).
 */
export type ReadBack =
  | { readonly kind: 'applied'; readonly found: unknown }
  | { readonly kind: 'notApplied' }
  | { readonly kind: 'noReadBack' };

const notApplied: ReadBack = { kind: 'notApplied' };

/** True when the task holds what `updateTaskStatus(taskId, status, { resultMessage })` would have written. */
export function taskShowsUpdate(task: BatchTask, status: unknown, resultMessage: unknown): boolean {
  const wanted = batchTaskStatusSchema.safeParse(status);
  return wanted.success && task.status === wanted.data && (task.resultMessage ?? null) === (resultMessage ?? null);
}

/**
 * Reads back whether `entry`'s write reached the server, for a server that does not honour Idempotency-Key.
 * - `createTask`: a task with the same name, type and parameters (give tasks unique names for this to be exact);
 * - `createTaskFolder`: a folder of the task with the same path;
 * - `updateTaskStatus`: the task's status AND resultMessage are the ones written (a status alone could be
 *   another writer's);
 * - `updateTaskFolderStatus`, `releaseFileLock`, `sendHeartbeat`: no read-back; sent again, which leaves the
 *   server as one send would (a PUT, a release, a heartbeat);
 * - `sendDebugMessage`: no read-back; sent again (a debug line may then appear twice: the one write of the
 *   outbox that is at-least-once against such a server).
 * Errors of the reads propagate (the entry stays in flight and is reconciled on the next try).
 */
export async function readBack(client: ApiClient, entry: OutboxEntry): Promise<ReadBack> {
  switch (entry.operation) {
    case 'createTask': {
      const [draftArg] = callArgs('createTask', entry.args, entry.idempotencyKey);
      const draft = batchTaskDraftSchema.parse(draftArg);
      const found = (await client.getTasks()).find((task) => task.name === draft.name && task.type === draft.type
        && (task.parameters ?? null) === (draft.parameters ?? null));
      return found === undefined ? notApplied : { kind: 'applied', found };
    }
    case 'createTaskFolder': {
      const [taskId, folderArg] = callArgs('createTaskFolder', entry.args, entry.idempotencyKey);
      const folder = taskFolderDraftSchema.parse(folderArg);
      const found = (await client.getTaskFolders(taskId)).find((item) => item.folderPath === folder.folderPath);
      return found === undefined ? notApplied : { kind: 'applied', found };
    }
    case 'updateTaskStatus': {
      const [taskId, status, options] = callArgs('updateTaskStatus', entry.args, entry.idempotencyKey);
      const task = await client.getTaskById(taskId);
      return task !== null && taskShowsUpdate(task, status, options?.resultMessage) ? { kind: 'applied', found: task } : notApplied;
    }
    case 'updateTaskFolderStatus':
    case 'releaseFileLock':
    case 'sendHeartbeat':
    case 'sendDebugMessage':
      return { kind: 'noReadBack' };
  }
}
