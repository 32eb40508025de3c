import type { ApiClient } from '../api/ApiClient.js';
import { isHttpStatusError } from '../errors/HttpStatusError.js';
import { backoffDelay } from './backoff.js';
import type { DeliveryBackoff } from './backoff.js';
import { judgeDelivery, sendFinalStatus } from './deliverResult.js';
import type { DeliveryVerdict, PendingDelivery } from './deliverResult.js';
import type { TaskServiceEvents } from './events.js';
import { describeError } from './linkFailure.js';
import type { LinkWatch } from './LinkWatch.js';
import type { OwnedTimers } from './TaskTimers.js';

/** A verdict that ends a delivery. */
export type SettledVerdict = Extract<DeliveryVerdict, { kind: 'delivered' } | { kind: 'superseded' }>;

/** What the delivery loop borrows from its service. */
export interface DeliveryLoopDeps {
  api: ApiClient;
  link: LinkWatch;
  timers: OwnedTimers;
  backoff: DeliveryBackoff;
  /** Aborted on dispose: the loop gives up and resolves null. */
  signal: AbortSignal;
  now: () => number;
  /** Runs a call through the service (link inference, cut short on dispose). */
  track: <T>(call: () => Promise<T>) => Promise<T>;
  emit: <K extends keyof TaskServiceEvents>(name: K, event: TaskServiceEvents[K]) => void;
  /** Called before each attempt, for the service's counter. */
  onAttempt: () => void;
}

/**
 * Sends a held result until the server settles it (delivered or superseded), backing off between attempts and
 * waiting for a host's link to come up; an inferred link is probed by the attempts themselves. Resolves null
 * when `signal` aborts first, leaving the result held.
 */
export async function deliverUntilSettled(delivery: PendingDelivery, deps: DeliveryLoopDeps): Promise<SettledVerdict | null> {
  const { api, link, timers, backoff, signal, now, track, emit } = deps;
  let stillOursStreak = 0;
  while (!signal.aborted) {
    if (link.external && !link.isUp()) {
      await link.waitUntilUp(signal);
      continue;
    }
    delivery.attempts += 1;
    deps.onAttempt();
    const { taskId, status, attempts } = delivery;
    if (attempts > 1) emit('deliveryRetried', { taskId, status, attempt: attempts, at: now() });
    let verdict: DeliveryVerdict;
    try {
      verdict = await track(() => sendFinalStatus(api, delivery));
      if (verdict.kind === 'unknown') verdict = judgeDelivery(await track(() => api.getTaskById(taskId)), delivery);
    } catch (error) {
      if (signal.aborted) return null;
      // The task is gone: nothing is left to deliver to.
      if (isHttpStatusError(error) && error.status === 404) return { kind: 'superseded', currentStatus: null };
      const retryInMs = backoffDelay(attempts, backoff);
      emit('deliveryDeferred', { taskId, status, attempt: attempts, reason: describeError(error), retryInMs, at: now() });
      await timers.sleep(retryInMs, signal);
      continue;
    }
    if (verdict.kind === 'stillOurs') {
      // Another write moved the rowVersion while the task stayed ours: send again with the new one, at once the
      // first time, with backoff if it keeps happening.
      delivery.rowVersion = verdict.rowVersion;
      stillOursStreak += 1;
      if (stillOursStreak > 1) await timers.sleep(backoffDelay(stillOursStreak - 1, backoff), signal);
      continue;
    }
    if (verdict.kind === 'unknown') continue;
    return verdict;
  }
  return null;
}
