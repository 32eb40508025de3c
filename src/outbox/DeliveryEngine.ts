import type { DrainResult } from '../../machines/outbox/types.js';
import type { ApiClient } from '../api/ApiClient.js';
import type { DeliveryQueue, DrainHead } from './DeliveryQueue.js';
import { readBack } from './readBack.js';
import { rejectionOf, sendEntry } from './sendEntry.js';
import type { DeadLetter, DeliveryKind, OutboxEntry } from './types.js';
import { verdictOf } from './verdict.js';

/** How one entry's delivery ended. */
export type StepOutcome =
  | { readonly kind: 'delivered'; readonly result: unknown }
  | { readonly kind: 'deadLettered'; readonly deadLetter: DeadLetter }
  | { readonly kind: 'transient'; readonly retryAfterMs: number; readonly error: string; readonly byBreaker?: boolean };

/** A step of a drain: a {@link StepOutcome}, or delivered with its deletion left to the drain's next step. */
type DrainStep =
  | StepOutcome
  | { readonly kind: 'answered'; readonly entry: OutboxEntry; readonly deliveryKind: DeliveryKind; readonly result: unknown };

function interruption(outcome: Extract<StepOutcome, { kind: 'transient' }>): DrainResult {
  const base = { outcome: 'interrupted', retryAfterMs: outcome.retryAfterMs, error: outcome.error } as const;
  return outcome.byBreaker === true ? { ...base, refusedByBreaker: true } : base;
}

/** What a {@link DeliveryEngine} needs. */
export interface DeliveryEngineOptions {
  readonly queue: DeliveryQueue;
  /** The client calls go through (a ConnectionManager's `client`). */
  readonly client: ApiClient;
  /** True when the server honours Idempotency-Key now: an unknown outcome is then replayed with the same key. */
  readonly keyHonoured: () => boolean;
  /** Entities delivered at once (`Outbox:MaxConcurrentEntities`). */
  readonly maxConcurrentEntities: number;
  /**
   * True while the connection's breaker is not closed (open, half-open, isolated): a drain then has one entry in
   * flight at a time. The first is the breaker's half-open probe (a refusal costs no request and tells what is
   * left of the break); more at once would only be refused beside it and stop the drain the probe reopened.
   */
  readonly probing?: () => boolean;
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
  async deliverClaimed(entry: OutboxEntry): Promise<StepOutcome> {
    const outcome = await this.deliver(entry, { marked: false, deferred: false });
    return outcome.kind === 'answered' ? this.delivered(outcome.entry, outcome.deliveryKind, outcome.result) : outcome;
  }

  /** Resolves once no drain runs (for close). */
  async idle(): Promise<void> {
    await this.running;
  }

  private async run(signal: AbortSignal): Promise<DrainResult> {
    this.options.beforeDrain?.();
    // Entities with a delivery running, and the deliveries settled since the loop last looked: all those that
    // settled while a step's transaction blocked the event loop are recorded together by the next one.
    const active = new Set<string>();
    const settled: { entity: string; outcome: DrainStep | { kind: 'failed'; error: unknown } }[] = [];
    let wake: (() => void) | null = null;
    const settle = (entity: string, outcome: DrainStep | { kind: 'failed'; error: unknown }): void => {
      settled.push({ entity, outcome });
      wake?.();
    };
    let stop: DrainResult | null = null;
    let storageFailure: { error: unknown } | null = null;
    // Delivered entries whose deletion rides on the next step's transaction (with the marks of what starts next).
    let answered: Extract<DrainStep, { kind: 'answered' }>[] = [];
    for (;;) {
      const starting = stop === null && storageFailure === null && !signal.aborted;
      const limit = this.options.probing?.() === true ? 1 : this.options.maxConcurrentEntities;
      const room = starting ? limit - active.size : 0;
      if (room > 0 || answered.length > 0) {
        const done = answered;
        answered = [];
        let heads: DrainHead[] = [];
        try {
          heads = this.options.queue.advance(done.map((step) => step.entry.id), this.busy, room);
          for (const step of done) this.options.onDelivered(step.entry, step.deliveryKind, step.result);
        } catch (error) {
          // Not deleted: the entries stay in flight in the file and are reconciled by a later drain, never resent
          // blind. Still wait for the deliveries running: each must settle and free its entity before the drain ends.
          storageFailure ??= { error };
        }
        for (const { entry, marked } of heads) {
          this.busy.add(entry.entity);
          active.add(entry.entity);
          this.deliver(entry, { marked, deferred: true }).then(
            (outcome) => settle(entry.entity, outcome),
            (error: unknown) => settle(entry.entity, { kind: 'failed', error }),
          );
        }
      }
      if (active.size === 0) break;
      if (settled.length === 0) await new Promise<void>((resolve) => { wake = resolve; });
      wake = null;
      for (const { entity, outcome } of settled.splice(0)) {
        active.delete(entity);
        this.busy.delete(entity);
        if (outcome.kind === 'failed') storageFailure ??= { error: outcome.error };
        else if (outcome.kind === 'transient') stop ??= interruption(outcome);
        else if (outcome.kind === 'answered') answered.push(outcome);
      }
    }
    if (storageFailure !== null) throw storageFailure.error;
    if (stop !== null) return stop;
    return signal.aborted ? { outcome: 'interrupted', retryAfterMs: 0, error: 'stopped' } : { outcome: 'drained' };
  }

  /**
   * Delivers one entry. `marked`: the drain's step marked it in flight already (it was queued: no reconcile, no
   * second mark). `deferred`: a delivered entry is not deleted here but returned `answered`, for the drain's next
   * step to delete in the transaction that marks what starts next (one sync instead of two); until then it stays
   * in flight in the file, so a crash in between reconciles it, exactly as a crash before an answer was recorded.
   */
  private async deliver(entry: OutboxEntry, how: { readonly marked: boolean; readonly deferred: boolean }): Promise<DrainStep> {
    const { queue, client } = this.options;
    const finish = (sent: OutboxEntry, kind: DeliveryKind, result: unknown): DrainStep => how.deferred
      ? { kind: 'answered', entry: sent, deliveryKind: kind, result }
      : this.delivered(sent, kind, result);
    let kind: DeliveryKind = 'sent';
    if (!how.marked && entry.state === 'inFlight') {
      if (this.options.keyHonoured()) {
        kind = 'replayed';
      } else {
        const known = await this.readBack(entry);
        if (known.kind === 'transient') return known;
        if (known.kind === 'applied') return finish(entry, 'alreadyApplied', known.found);
        kind = known.kind === 'noReadBack' ? 'resent' : 'sent';
      }
    }
    const marked = how.marked ? entry : queue.markInFlight(entry.id);
    let result: unknown;
    try {
      result = await sendEntry(client, marked);
    } catch (error) {
      return this.failed(marked, error, finish);
    }
    const rejection = rejectionOf(marked, result, kind);
    if (rejection !== null) return this.deadLettered(marked, rejection);
    return finish(marked, kind, result);
  }

  private async failed(
    entry: OutboxEntry, error: unknown, finish: (sent: OutboxEntry, kind: DeliveryKind, result: unknown) => DrainStep,
  ): Promise<DrainStep> {
    const verdict = verdictOf(error);
    switch (verdict.kind) {
      case 'poison':
        return this.deadLettered(entry, verdict.verdict);
      case 'conflict': {
        // A 409 may be the write itself, applied by a first send whose answer was lost.
        const known = await this.readBack(entry);
        if (known.kind === 'transient') return known;
        if (known.kind === 'applied') return finish(entry, 'alreadyApplied', known.found);
        return this.deadLettered(entry, { reason: 'conflict', status: verdict.status, answer: verdict.answer });
      }
      case 'transient':
        this.options.queue.release(entry.id, verdict.error, verdict.neverSent);
        return verdict.byBreaker === true
          ? { kind: 'transient', retryAfterMs: verdict.retryAfterMs, error: verdict.error, byBreaker: true }
          : { kind: 'transient', retryAfterMs: verdict.retryAfterMs, error: verdict.error };
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
