import type { DrainResult } from '../../machines/outbox/types.js';
import type { ApiClient } from '../api/ApiClient.js';
import type { DeliveryQueue } from './DeliveryQueue.js';
import { readBack } from './readBack.js';
import { rejectionOf, sendEntry } from './sendEntry.js';
import type { DeadLetter, DeliveryKind, OutboxEntry } from './types.js';
import { verdictOf } from './verdict.js';

/** How one entry's delivery ended. */
export type StepOutcome =
  | { readonly kind: 'delivered'; readonly result: unknown }
  | { readonly kind: 'deadLettered'; readonly deadLetter: DeadLetter }
  | { readonly kind: 'transient'; readonly retryAfterMs: number; readonly error: string };

/** What a {@link DeliveryEngine} needs. */
export interface DeliveryEngineOptions {
  readonly queue: DeliveryQueue;
  /** The client calls go through (a ConnectionManager's `client`). */
  readonly client: ApiClient;
  /** True when the server honours Idempotency-Key now: an unknown outcome is then replayed with the same key. */
  readonly keyHonoured: () => boolean;
  /** Entities delivered at once (`Outbox:MaxConcurrentEntities`). */
  readonly maxConcurrentEntities: number;
  readonly onDelivered: (entry: OutboxEntry, kind: DeliveryKind, result: unknown) => void;
  readonly onDeadLettered: (deadLetter: DeadLetter) => void;
  /**
   * Run at the start of each drain, when no other drain runs: moves expired entries to the dead letters
   * (`Outbox.expire`), so an entry being delivered is never expired under its delivery.
   */
  readonly beforeDrain?: () => void;
}

/**
 * Delivers an outbox: the entries of one entity one at a time in the order they were queued, up to
 * `maxConcurrentEntities` entities at once. Exactly once, against a server without Idempotency-Key too:
 * - an entry is marked `inFlight` durably before its request leaves, and deleted (or dead-lettered) only after an
 *   answer; a failure that proves the request never left puts it back to `queued`;
 * - an entry found `inFlight` (a restart, a lost answer) has an unknown outcome: replayed with its key to a
 *   server that honours it, else read back first and sent only when not applied (see `readBack`);
 * - a 4xx the server will never accept dead-letters it with the answer; a 409 is read back first.
 * A drain stops starting entries at the first transient failure (the link or the server is down) and ends
 * `interrupted` once the calls in flight settled; it rejects with the OutboxStorageError of a failed write.
 */
export class DeliveryEngine {
  /** Entities with a delivery running (a drain's or a direct write's): never two of one entity at once. */
  private readonly busy = new Set<string>();
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DeliveryEngineOptions) {}

  /** True while an entry of `entity` is being delivered. */
  isBusy(entity: string): boolean {
    return this.busy.has(entity);
  }

  /**
   * Delivers until nothing deliverable is left, a transient failure stops it, or `signal` aborts (calls in
   * flight then still settle and are recorded). A drain started while one runs waits for it.
   */
  drain(signal: AbortSignal): Promise<DrainResult> {
    const run = this.running.then(() => this.run(signal));
    this.running = run.catch(() => undefined);
    return run;
  }

  /**
   * Reserves `entity` for a direct write: no drain starts one of its entries until `release`. False when an entry
   * of it is being delivered already.
   */
  claim(entity: string): boolean {
    if (this.busy.has(entity)) return false;
    this.busy.add(entity);
    return true;
  }

  /** Ends a {@link DeliveryEngine.claim}. */
  unclaim(entity: string): void {
    this.busy.delete(entity);
  }

  /** Delivers one entry of a claimed entity now; for a direct write. Rejects with a storage failure. */
  deliverClaimed(entry: OutboxEntry): Promise<StepOutcome> {
    return this.deliver(entry);
  }

  /** Resolves once no drain runs (for close). */
  async idle(): Promise<void> {
    await this.running;
  }

  private async run(signal: AbortSignal): Promise<DrainResult> {
    this.options.beforeDrain?.();
    const active = new Map<string, Promise<{ entity: string; outcome: StepOutcome | { kind: 'failed'; error: unknown } }>>();
    let stop: DrainResult | null = null;
    let storageFailure: { error: unknown } | null = null;
    for (;;) {
      if (stop === null && storageFailure === null && !signal.aborted) {
        const room = this.options.maxConcurrentEntities - active.size;
        let heads: OutboxEntry[] = [];
        try {
          heads = room > 0 ? this.options.queue.heads(this.busy, room) : [];
        } catch (error) {
          // Still wait for the deliveries running: each must settle and free its entity before the drain ends.
          storageFailure = { error };
        }
        for (const entry of heads) {
          this.busy.add(entry.entity);
          active.set(entry.entity, this.deliver(entry).then(
            (outcome) => ({ entity: entry.entity, outcome }),
            (error: unknown) => ({ entity: entry.entity, outcome: { kind: 'failed' as const, error } }),
          ));
        }
      }
      if (active.size === 0) break;
      const { entity, outcome } = await Promise.race(active.values());
      active.delete(entity);
      this.busy.delete(entity);
      if (outcome.kind === 'failed') storageFailure ??= { error: outcome.error };
      else if (outcome.kind === 'transient') stop ??= { outcome: 'interrupted', retryAfterMs: outcome.retryAfterMs, error: outcome.error };
    }
    if (storageFailure !== null) throw storageFailure.error;
    if (stop !== null) return stop;
    return signal.aborted ? { outcome: 'interrupted', retryAfterMs: 0, error: 'stopped' } : { outcome: 'drained' };
  }

  private async deliver(entry: OutboxEntry): Promise<StepOutcome> {
    const { queue, client } = this.options;
    let kind: DeliveryKind = 'sent';
    if (entry.state === 'inFlight') {
      if (this.options.keyHonoured()) {
        kind = 'replayed';
      } else {
        const known = await this.readBack(entry);
        if (known.kind === 'transient') return known;
        if (known.kind === 'applied') return this.delivered(entry, 'alreadyApplied', known.found);
        kind = known.kind === 'noReadBack' ? 'resent' : 'sent';
      }
    }
    const marked = queue.markInFlight(entry.id);
    let result: unknown;
    try {
      result = await sendEntry(client, marked);
    } catch (error) {
      return this.failed(marked, error);
    }
    const rejection = rejectionOf(marked, result, kind);
    if (rejection !== null) return this.deadLettered(marked, rejection);
    return this.delivered(marked, kind, result);
  }

  private async failed(entry: OutboxEntry, error: unknown): Promise<StepOutcome> {
    const verdict = verdictOf(error);
    switch (verdict.kind) {
      case 'poison':
        return this.deadLettered(entry, verdict.verdict);
      case 'conflict': {
        // A 409 may be the write itself, applied by a first send whose answer was lost.
        const known = await this.readBack(entry);
        if (known.kind === 'transient') return known;
        if (known.kind === 'applied') return this.delivered(entry, 'alreadyApplied', known.found);
        return this.deadLettered(entry, { reason: 'conflict', status: verdict.status, answer: verdict.answer });
      }
      case 'transient':
        this.options.queue.release(entry.id, verdict.error, verdict.neverSent);
        return { kind: 'transient', retryAfterMs: verdict.retryAfterMs, error: verdict.error };
    }
  }

  private async readBack(entry: OutboxEntry): Promise<
    { kind: 'applied'; found: unknown } | { kind: 'notApplied' } | { kind: 'noReadBack' } | Extract<StepOutcome, { kind: 'transient' }>
  > {
    try {
      return await readBack(this.options.client, entry);
    } catch (error) {
      const verdict = verdictOf(error);
      // A read the server refuses (the task's folders of a task that is gone) finds nothing applied.
      if (verdict.kind !== 'transient') return { kind: 'notApplied' };
      this.options.queue.release(entry.id, verdict.error, false);
      return { kind: 'transient', retryAfterMs: verdict.retryAfterMs, error: verdict.error };
    }
  }

  private delivered(entry: OutboxEntry, kind: DeliveryKind, result: unknown): StepOutcome {
    this.options.queue.complete(entry.id);
    this.options.onDelivered(entry, kind, result);
    return { kind: 'delivered', result };
  }

  private deadLettered(entry: OutboxEntry, verdict: Parameters<DeliveryQueue['deadLetter']>[1]): StepOutcome {
    const deadLetter = this.options.queue.deadLetter(entry.id, verdict);
    this.options.onDeadLettered(deadLetter);
    return { kind: 'deadLettered', deadLetter };
  }
}
