import { EnhancedApiClient } from '../clients/EnhancedApiClient.js';
import type { PlannedTask } from './workload.js';
import { draftOf } from './workload.js';

const IN_FLIGHT = 8;

/**
 * Creates the planned tasks on the server through an Enhanced client: each `POST api/tasks` carries an
 * Idempotency-Key, so a retry after a lost answer cannot create a task twice. Resolves with the ids in plan order.
 */
export async function seedTasks(serverUrl: string, tasks: readonly PlannedTask[]): Promise<number[]> {
  const api = new EnhancedApiClient(serverUrl);
  try {
    const ids: number[] = new Array<number>(tasks.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < tasks.length; index = next++) {
        const task = tasks[index];
        if (task !== undefined) ids[index] = (await api.createTask(draftOf(task))).id;
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, tasks.length) }, worker));
    return ids;
  } finally {
    await api.dispose();
  }
}
