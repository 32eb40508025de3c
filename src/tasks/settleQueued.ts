import type { ApiClient } from '../api/ApiClient.js';
import type { DeadLetter } from '../outbox/types.js';
import { backoffDelay } from './backoff.js';
import type { DeliveryBackoff } from './backoff.js';
import { judgeDelivery } from './deliverResult.js';
import type { DeliveryVerdict, PendingDelivery } from './deliverResult.js';
import type { LinkWatch } from './LinkWatch.js';
import type { QueuedDelivery, QueuedResults } from './queuedResults.js';
import type { OwnedTimers } from './TaskTimers.js';

/**
 * How a queued result ended: a verdict of today's delivery rules (delivered, still ours under a new rowVersion,
 * superseded), or a dead letter the server will never accept (kept in the outbox for an operator).
 */
export type QueuedVerdict =
  | Exclude<DeliveryVerdict, { kind: 'unknown' }>
  | { kind: 'deadLettered'; deadLetter: DeadLetter };

/** What settling borrows from its service. */
export interface SettleDeps {
  api: ApiClient;
  results: QueuedResults;
  link: LinkWatch;
  timers: OwnedTimers;
  backoff: DeliveryBackoff;
  /** Aborted on dispose: settling gives up and resolves null, leaving the entry in the outbox. */
  signal: AbortSignal;
  track: <T>(call: () => Promise<T>) => Promise<T>;
}

/**
 * Waits until the outbox lets go of a queued result and judges it as a held result is judged:
 * - delivered with the task as answer: that task says it (our status and message; or still Running under our
 *   marker with another rowVersion, when the PUT met a 409 whose copy shows the claim still ours; or moved on);
 * - dead-lettered as a conflict (409) or a 404, delivered with no task, or gone unseen: the task is read back;
 * - dead-lettered for another reason (a 400, bad arguments, expired): that dead letter is the verdict.
 * A dead letter judged here (a conflict, a 404) is dropped from the outbox: the verdict replaces it.
 * Resolves null when `signal` aborts first.
 */
export async function settleQueued(queued: QueuedDelivery, deps: SettleDeps): Promise<QueuedVerdict | null> {
  const settlement = await deps.results.settled(queued.entryId, deps.signal);
  if (settlement === null) return null;
  if (settlement.kind === 'delivered' && settlement.result !== null) return known(judgeDelivery(settlement.result, queued.delivery));
  if (settlement.kind === 'deadLettered' && !judgedByReadBack(settlement.deadLetter)) {
    return { kind: 'deadLettered', deadLetter: settlement.deadLetter };
  }
  const verdict = await readBack(queued.delivery, deps);
  if (verdict !== null && settlement.kind === 'deadLettered') deps.results.dropDeadLetter(settlement.deadLetter);
  return verdict;
}

// A conflict is the rowVersion rule speaking (the task may still be ours); a 404 says the task is gone.
function judgedByReadBack(deadLetter: DeadLetter): boolean {
  return deadLetter.reason === 'conflict' || (deadLetter.reason === 'rejected' && deadLetter.status === 404);
}

/** Reads the task until the server answers (waiting for the link, backing off), and judges it. */
async function readBack(delivery: PendingDelivery, deps: SettleDeps): Promise<Exclude<DeliveryVerdict, { kind: 'unknown' }> | null> {
  const { api, link, timers, backoff, signal, track } = deps;
  let failures = 0;
  while (!signal.aborted) {
    if (link.external && !link.isUp()) {
      await link.waitUntilUp(signal);
      continue;
    }
    try {
      return known(judgeDelivery(await track(() => api.getTaskById(delivery.taskId)), delivery));
    } catch {
      if (signal.aborted) return null;
      failures += 1;
      await timers.sleep(backoffDelay(failures, backoff), signal);
    }
  }
  return null;
}

// judgeDelivery judges a task it was given, so never says `unknown` (that is for a 409 that carried none).
function known(verdict: DeliveryVerdict): Exclude<DeliveryVerdict, { kind: 'unknown' }> {
  return verdict.kind === 'unknown' ? { kind: 'superseded', currentStatus: null } : verdict;
}
