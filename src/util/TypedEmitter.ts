/**
 * A minimal typed event emitter: one payload object per event, `on` returns the unsubscribe function.
 * A listener that throws is reported to `onListenerError` and never stops the others or the emitter's owner.
 */
export class TypedEmitter<Events extends { [K in keyof Events]: object }> {
  private readonly listeners = new Map<keyof Events, Set<(event: never) => void>>();

  constructor(private readonly onListenerError: (name: keyof Events, error: unknown) => void) {}

  /** Subscribes `listener` to `name`; returns the function that unsubscribes it. */
  on<K extends keyof Events>(name: K, listener: (event: Events[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Calls every listener of `name` with `event`, in subscription order. */
  emit<K extends keyof Events>(name: K, event: Events[K]): void {
    const set = this.listeners.get(name);
    if (set === undefined) return;
    for (const listener of [...set] as ((event: Events[K]) => void)[]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(name, error);
      }
    }
  }

  /** Drops every subscription. */
  clear(): void {
    this.listeners.clear();
  }
}
