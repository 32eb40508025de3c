import type { ApiClient } from '../api/ApiClient.js';
import type { ApiMethod, ApiMethods, OperationArgs, OperationResult } from '../api/operations/index.js';
import type { DeadLetterVerdict } from './DeliveryQueue.js';
import { callArgs } from './entryArgs.js';
import { taskShowsUpdate } from './readBack.js';
import type { DeliveryKind, OutboxEntry, OutboxOperationName } from './types.js';

/** Makes the entry's call, exactly as it was queued, with the entry's Idempotency-Key. */
export function sendEntry(client: ApiClient, entry: OutboxEntry): Promise<unknown> {
  return call(client, entry.operation, callArgs(entry.operation, entry.args, entry.idempotencyKey));
}

function call<N extends OutboxOperationName>(client: ApiClient, operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
  // Read through the mapped type, so the method's type is the operation's own.
  const methods: ApiMethods = client;
  const method: ApiMethod<N> = methods[operation];
  return method.apply(client, args);
}

/**
 * A 2xx-or-mapped answer that still says the write was not applied, or null when it was:
 * - a boolean call's `false` (heartbeat of an unknown node, release of a lock the node does not hold), except a
 *   release sent again after an unknown outcome, whose `false` is the first send having released it;
 * - `updateTaskStatus` resolving to a task that does not show the update (the client's answer to a 409
 *   concurrency conflict is the server's current task).
 */
export function rejectionOf(entry: OutboxEntry, result: unknown, kind: DeliveryKind): DeadLetterVerdict | null {
  if (result === false) {
    if (entry.operation === 'releaseFileLock' && kind !== 'sent') return null;
    return { reason: 'rejected', status: null, answer: `the server answered no (${entry.operation} returned false)` };
  }
  if (entry.operation === 'updateTaskStatus') {
    const [, status, options] = callArgs('updateTaskStatus', entry.args, entry.idempotencyKey);
    const task = result as Parameters<typeof taskShowsUpdate>[0] | null;
    if (task === null || !taskShowsUpdate(task, status, options?.resultMessage)) {
      return { reason: 'conflict', status: 409, answer: task === null ? 'concurrency conflict (no current task in the answer)' : JSON.stringify(task) };
    }
  }
  return null;
}
