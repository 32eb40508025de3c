/**
 * A simulated clock for many actors: XState's `Clock` (`setTimeout`/`clearTimeout`) plus `now()`, with its
 * timers in a binary heap. XState's own SimulatedClock sorts every timer on every flush, and re-sorts whenever
 * a timer callback sets another; with a thousand clients' breakers, retries and call schedules that is
 * quadratic. This clock fires timers in (time, creation) order and, after each instant, lets promise callbacks
 * run (a `setImmediate` turn) before moving on, so promise-based actors settle within the simulated instant.
 */
interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

export class EventClock {
  private current = 0;
  private seq = 0;
  private readonly heap: Timer[] = [];
  private readonly cancelled = new Set<number>();

  /** Simulated epoch ms; starts at 0. */
  now(): number {
    return this.current;
  }

  setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const timer: Timer = { at: this.current + Math.max(0, timeout), seq: this.seq++, fn };
    this.push(timer);
    return timer.seq;
  }

  clearTimeout(id: unknown): void {
    if (typeof id === 'number') this.cancelled.add(id);
  }

  /** Timers set and not yet fired or cancelled. */
  get pending(): number {
    return this.heap.length - this.cancelled.size;
  }

  /**
   * Fires every timer due up to `time`, in order, then leaves the clock at `time`. After the timers of each
   * instant it yields to the event loop once, so the promise callbacks they started run at that instant.
   */
  async runUntil(time: number): Promise<void> {
    for (;;) {
      const next = this.heap[0];
      if (next === undefined || next.at > time) break;
      this.current = next.at;
      while (this.heap[0] !== undefined && (this.heap[0]).at === this.current) {
        const timer = this.pop();
        if (this.cancelled.delete(timer.seq)) continue;
        timer.fn();
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.current = time;
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(timer, heap[parent] as Timer)) break;
      heap[index] = heap[parent] as Timer;
      index = parent;
    }
    heap[index] = timer;
  }

  private pop(): Timer {
    const heap = this.heap;
    const top = heap[0] as Timer;
    const last = heap.pop() as Timer;
    if (heap.length > 0) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && before(heap[right] as Timer, heap[left] as Timer) ? right : left;
        if (!before(heap[child] as Timer, last)) break;
        heap[index] = heap[child] as Timer;
        index = child;
      }
      heap[index] = last;
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
