import type { DeadLetter, DeadLetterReason, Outbox, OutboxEntry } from './types.js';

/** An entry a drain starts: `marked` in flight by the step that took it, or found in flight (to reconcile). */
export interface DrainHead {
  readonly entry: OutboxEntry;
  readonly marked: boolean;
}

/** How an entry leaves the queue undelivered: why, and the server's answer. */
export interface DeadLetterVerdict {
  readonly reason: DeadLetterReason;
  readonly status: number | null;
  readonly answer: string;
}

/**
 * The delivery side of an outbox, for the {@link DeliveryEngine}: not part of the public {@link Outbox}, so a host
 * cannot mark entries by hand. Every method writes durably before it returns, or throws OutboxStorageError.
 */
export interface DeliveryQueue {
  readonly file: string;
  /** The oldest entry of each entity not in `busy`, oldest first, at most `limit`. */
  heads(busy: ReadonlySet<string>, limit: number): OutboxEntry[];
  /** Marks the entry in flight (one more attempt) before its request leaves; returns it as marked. */
  markInFlight(id: number): OutboxEntry;
  /**
   * One transaction, one sync, for a drain's next step: deletes the `delivered` entries, then takes the heads as
   * {@link DeliveryQueue.heads} does (at most `limit`, entities in `busy` skipped; the delivered entries' entities
   * may give their next entry) and marks those still `queued` in flight. Returns the heads: the queued ones as
   * marked (`marked`), those found `inFlight` as found (their outcome is unknown: reconciled first, then marked).
   */
  advance(delivered: readonly number[], busy: ReadonlySet<string>, limit: number): DrainHead[];
  /** The entry was delivered: deletes it. */
  complete(id: number): void;
  /**
   * A delivery failed transiently: records the error; `neverSent` puts the entry back to `queued` (it may simply be
   * sent again), else it stays `inFlight` (its outcome is unknown and is reconciled before any resend).
   */
  release(id: number, error: string, neverSent: boolean): void;
  /** Moves the entry to the dead letters. */
  deadLetter(id: number, verdict: DeadLetterVerdict): DeadLetter;
  /** Entries queued or in flight. */
  pendingCount(): number;
  /** True when an entry of `entity` is pending. */
  hasEntity(entity: string): boolean;
}

const queues = new WeakMap<Outbox, DeliveryQueue>();

/** Records the delivery side of an outbox (done by `openOutbox`). */
export function registerDeliveryQueue(outbox: Outbox, queue: DeliveryQueue): void {
  queues.set(outbox, queue);
}

/** The delivery side of an outbox opened with `openOutbox`, or undefined for another implementation. */
export function deliveryQueueOf(outbox: Outbox): DeliveryQueue | undefined {
  return queues.get(outbox);
}
