import type { HostRef } from '../types.js';

/** How the outbox machine waits between drains, in ms. */
export interface OutboxMachineSettings {
  /** First wait after a drain stopped on a transient failure; doubles after each one in a row. */
  readonly retryDelayMs: number;
  /** Cap of that wait. */
  readonly maxRetryDelayMs: number;
  /** Wait after a storage failure (a full disk, an I/O error) before trying again. */
  readonly storageRetryDelayMs: number;
}

/** Input of the outbox machine. */
export interface OutboxMachineInput extends OutboxMachineSettings {
  /** The link is up when the machine starts (`LinkStatus.isUp()`). */
  readonly linkUp: boolean;
  /** The breaker refuses calls when the machine starts. */
  readonly breakerOpen: boolean;
  /** Handed to `drain` in its input; never read by the machine. */
  readonly host?: HostRef;
}

/** The outbox machine's context. */
export interface OutboxMachineContext extends OutboxMachineSettings {
  readonly linkUp: boolean;
  readonly breakerOpen: boolean;
  /** An entry was queued while a drain ran: drain again when it ends. */
  readonly enqueuedWhileDraining: boolean;
  /** Drains in a row that stopped on a transient failure (reset by one that emptied the outbox). */
  readonly failures: number;
  /** The wait before the next drain: grown from `retryDelayMs`, at least what the server asked for. */
  readonly delayMs: number;
  /** Why the last drain stopped, or the storage failure, or null. */
  readonly lastError: string | null;
  readonly host: HostRef | undefined;
}

/** Input of the `drain` actor. */
export interface DrainInput {
  readonly host: HostRef | undefined;
}

/**
 * What a drain ends with: `drained` (nothing left that can be delivered now) or `interrupted` by a transient
 * failure (the link or the server), after which the outbox waits. A storage failure rejects the actor instead.
 */
export type DrainResult =
  | { readonly outcome: 'drained' }
  | {
    readonly outcome: 'interrupted';
    /** What the server or the breaker asked to wait (Retry-After, the breaker's retryAfterMs); 0 when nothing. */
    readonly retryAfterMs: number;
    readonly error: string;
    /**
     * The connection's breaker refused the entry (nothing was sent): `retryAfterMs` is what is left of its break
     * (Infinity while isolated). The next drain is then due when the break ends, as the breaker's probe.
     */
    readonly refusedByBreaker?: boolean;
  };

/** Events the outbox machine accepts. */
export type OutboxMachineEvent =
  /** An entry was written to the outbox. */
  | { readonly type: 'ENQUEUED' }
  | { readonly type: 'LINK.UP' }
  | { readonly type: 'LINK.DOWN' }
  | { readonly type: 'BREAKER.OPEN' }
  | { readonly type: 'BREAKER.CLOSED' }
  /** Writing the outbox failed (an enqueue hit a full disk). */
  | { readonly type: 'STORAGE.FAILED'; readonly error: string }
  /** Try now, whatever the wait (a host's "retry now", a dead letter queued again). */
  | { readonly type: 'RETRY' }
  /** Stop for good. */
  | { readonly type: 'CLOSE' };

/** Events the outbox machine emits. */
export type OutboxMachineEmitted =
  /** A drain ended with nothing left to deliver. */
  | { readonly type: 'outbox.drained' }
  /** The outbox stopped on a storage failure. */
  | { readonly type: 'outbox.blocked'; readonly error: string };
