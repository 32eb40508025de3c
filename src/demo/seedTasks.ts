import { EnhancedApiClient } from '../clients/EnhancedApiClient.js';
import { isOutcomeUnknownError } from '../errors/OutcomeUnknownError.js';
import type { PlannedTask } from './workload.js';
import { draftOf } from './workload.js';

const IN_FLIGHT = 8;

/**
 * Creates the planned tasks on the server through an Enhanced client. Each `POST api/tasks` carries an
 * Idempotency-Key; the client asks the server's health first, so against a server that honours the key a retry
 * after a lost answer cannot create a task twice. Against one that does not (`--no-idempotency`), such a create
 * ends with OutcomeUnknownError and the task is looked up by its name (unique in a plan) rather than created
 * again. Resolves with the ids in plan order.
 */
export async function seedTasks(serverUrl: string, tasks: readonly PlannedTask[]): Promise<number[]> {
  const api = new EnhancedApiClient(serverUrl);
  try {
    await api.getConnectionHealth();
    const create = async (task: PlannedTask): Promise<number> => {
      try {
        return (await api.createTask(draftOf(task))).id;
      } catch (error) {
        if (!isOutcomeUnknownError(error)) throw error;
        const stored = (await api.getTasks()).find((candidate) => candidate.name === task.name);
        return stored?.id ?? (await api.createTask(draftOf(task))).id;
      }
    };
    const ids: number[] = new Array<number>(tasks.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < tasks.length; index = next++) {
        const task = tasks[index];
        if (task !== undefined) ids[index] = await create(task);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, tasks.length) }, worker));
    return ids;
  } finally {
    await api.dispose();
  }
}
