import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import { PoolTimeoutError } from '../errors/PoolTimeoutError.js';

/** The part of an abort signal a waiter listens to: an `AbortSignal`, or an attempt's `AttemptSignal`. */
export interface SlotAbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** How a {@link SlotQueue} is shaped. */
export interface SlotQueueOptions {
  /** Slots; a positive integer (an unbounded pool needs no queue). */
  size: number;
  /** Longest wait for a slot before PoolTimeoutError; `Infinity` waits without a timer. */
  timeoutMs: number;
  now: () => number;
  /** Told when a waiter got a slot (`timedOut` false) or timed out; not when its signal or `close` ended it. */
  onWaitEnded?: (waitedMs: number, timedOut: boolean) => void;
}

interface Waiter {
  readonly enteredAt: number;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: SlotAbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
  timer: NodeJS.Timeout | undefined;
}

// setTimeout fires at once for delays beyond 2^31-1 ms.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A counting semaphore with a FIFO queue of waiters, each bounded by a timeout and its caller's signal.
 *
 * {@link SlotQueue.tryTake} is the whole cost of a call that finds a free slot: a comparison and an increment,
 * no promise, timer or listener. Only a waiter pays for a timer and an `abort` listener, and both go the moment
 * it stops waiting, however that happens. A released slot passes straight to the oldest waiter, so a waiter
 * exists only while every slot is taken and nobody can take a slot past it.
 */
export class SlotQueue {
  private inUse = 0;
  // A Set keeps insertion order (FIFO) and removes an aborted waiter from the middle in O(1).
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  constructor(private readonly options: SlotQueueOptions) {}

  /** Waiters now. */
  get waitingCount(): number {
    return this.waiters.size;
  }

  /** Slots taken and not yet released. */
  get takenCount(): number {
    return this.inUse;
  }

  /** Takes a free slot at once: true when one was free. False when all are taken or the queue is closed. */
  tryTake(): boolean {
    if (this.inUse >= this.options.size || this.closed) return false;
    this.inUse += 1;
    return true;
  }

  /**
   * Resolves once the caller holds a slot, which it must give back with {@link SlotQueue.release}. Rejects with
   * {@link PoolTimeoutError} after `timeoutMs`, with the signal's reason when `signal` aborts (the waiter leaves
   * the queue at once, so no slot is ever handed to it), and with {@link ClientDisposedError} when the queue is
   * or gets closed. A rejected wait holds no slot.
   */
  take(signal?: SlotAbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new ClientDisposedError());
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    if (this.tryTake()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = signal === undefined ? undefined : () => {
        this.leave(waiter);
        reject(abortError(signal));
      };
      const waiter: Waiter = { enteredAt: this.options.now(), resolve, reject, signal, onAbort, timer: undefined };
      const { timeoutMs } = this.options;
      if (Number.isFinite(timeoutMs)) waiter.timer = setTimeout(() => this.expire(waiter), Math.min(timeoutMs, MAX_TIMER_MS));
      if (onAbort !== undefined) signal?.addEventListener('abort', onAbort);
      this.waiters.add(waiter);
    });
  }

  /** Gives a slot back: to the oldest waiter if there is one, else to the free count. */
  release(): void {
    const next = this.waiters.values().next();
    if (next.done === true) {
      // Never below zero, so a stray release cannot let more than `size` requests through later.
      if (this.inUse > 0) this.inUse -= 1;
      return;
    }
    const waiter = next.value;
    this.leave(waiter);
    // The slot passes on as it is: `inUse` stays the same.
    waiter.resolve();
    this.options.onWaitEnded?.(this.options.now() - waiter.enteredAt, false);
  }

  /** Rejects every waiter with ClientDisposedError and every later `take`; clears every timer. Idempotent. */
  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) {
      this.leave(waiter);
      waiter.reject(new ClientDisposedError());
    }
  }

  private expire(waiter: Waiter): void {
    waiter.timer = undefined;
    this.leave(waiter);
    const waitedMs = this.options.now() - waiter.enteredAt;
    waiter.reject(new PoolTimeoutError(waitedMs, this.options.size));
    this.options.onWaitEnded?.(waitedMs, true);
  }

  /** Takes `waiter` out of the queue and drops its timer and listener. */
  private leave(waiter: Waiter): void {
    this.waiters.delete(waiter);
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }
}

/** The signal's reason, as `AbortSignal.throwIfAborted` would throw it; an Error always, so rejections carry a stack. */
function abortError(signal: SlotAbortSignal): Error {
  const { reason } = signal;
  return reason instanceof Error ? reason : new Error(String(reason));
}
