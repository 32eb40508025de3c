import type { LinkStatus } from '../api/LinkStatus.js';

/**
 * A {@link LinkStatus} read from call outcomes: a link failure marks it down, any answer from the server marks it
 * up. Starts up, so a fresh service tries the server at once rather than waiting for a probe.
 */
export class InferredLink implements LinkStatus {
  private up = true;
  private readonly listeners = new Set<(up: boolean) => void>();

  isUp(): boolean {
    return this.up;
  }

  onChange(listener: (up: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Records that a call got through; notifies listeners when that changes the state. */
  markUp(): void {
    this.set(true);
  }

  /** Records that a call could not reach the server; notifies listeners when that changes the state. */
  markDown(): void {
    this.set(false);
  }

  private set(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    for (const listener of [...this.listeners]) listener(up);
  }
}
