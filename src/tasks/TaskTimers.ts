import { sleep } from '../util/sleep.js';

/**
 * The timer functions the service uses. The default reads the global `setTimeout` at call time, so vitest's
 * fake timers drive it without injection; a host may pass its own scheduler.
 */
export interface TaskTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers. */
export const systemTimers: TaskTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Every timer the service starts goes through one of these, so `clearAll()` leaves none behind and
 * `activeCount` lets a test check that.
 */
export class OwnedTimers {
  private readonly handles = new Set<unknown>();

  constructor(private readonly timers: TaskTimers) {}

  /** How many timers are armed now. */
  get activeCount(): number {
    return this.handles.size;
  }

  /** Runs `callback` after `ms` unless cancelled; returns the cancel function. */
  schedule(callback: () => void, ms: number): () => void {
    const handle = this.timers.setTimeout(() => {
      this.handles.delete(handle);
      callback();
    }, ms);
    this.handles.add(handle);
    return () => {
      if (this.handles.delete(handle)) this.timers.clearTimeout(handle);
    };
  }

  /**
   * Resolves `true` after `ms`, or `false` as soon as `signal` aborts: {@link sleep} on this owner's timers, so
   * `clearAll()` and `activeCount` see it.
   */
  sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    return sleep(ms, signal, (callback, delayMs) => this.schedule(callback, delayMs));
  }

  /** Cancels every armed timer. Sleeps cut short this way never settle, so abort their signal first. */
  clearAll(): void {
    for (const handle of this.handles) this.timers.clearTimeout(handle);
    this.handles.clear();
  }
}
