import type { ApiClient } from '../api/ApiClient.js';
import type { TaskFolderDraft, TaskFolderProgress } from '../api/models/index.js';
import { isOutcomeUnknownError } from '../errors/OutcomeUnknownError.js';

/** Creations tried before the service gives up on a folder for this report (the next report looks again). */
const CREATE_ATTEMPTS = 3;

/**
 * Creates the folder `draft.folderPath` of task `taskId` once, on a server that ignores Idempotency-Key too (the
 * .NET server). When a create ends with OutcomeUnknownError (its answer was lost, so it may have been applied and
 * the client did not send it again) the task's folders are read back: the folder found is the one that request
 * made; none means it was not applied, and it is created again. A folder path is unique within a task, which is
 * what makes the read-back an answer. Rejects with the last error after {@link CREATE_ATTEMPTS} unknown outcomes,
 * or at once with any other error (a read-back that fails included).
 * @param track runs each call through the service (link inference, cut short on dispose).
 */
export async function createFolderOnce(
  api: ApiClient, taskId: number, draft: TaskFolderDraft, track: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<TaskFolderProgress> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await track(() => api.createTaskFolder(taskId, draft));
    } catch (error) {
      if (!isOutcomeUnknownError(error) || attempt >= CREATE_ATTEMPTS) throw error;
      const folders = await track(() => api.getTaskFolders(taskId));
      const created = folders.find((folder) => folder.folderPath === draft.folderPath);
      if (created !== undefined) return created;
    }
  }
}
