import type { OwnedTimers } from './TaskTimers.js';

/**
 * Sends a heartbeat every `intervalMs`, counted from the end of the previous one, so beats never overlap.
 * `beat` must not throw (the service logs and reads its failures).
 */
export class Heartbeat {
  private cancel: (() => void) | undefined;
  private inFlight: Promise<void> | undefined;
  private running = false;

  constructor(private readonly timers: OwnedTimers, private readonly intervalMs: number, private readonly beat: () => Promise<void>) {}

  /** Arms the first beat, `intervalMs` from now (registering already told the server the node is alive). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.arm();
  }

  /** Disarms the timer; resolves once a beat in flight has ended. */
  async stop(): Promise<void> {
    this.running = false;
    this.cancel?.();
    this.cancel = undefined;
    await this.inFlight;
  }

  private arm(): void {
    this.cancel = this.timers.schedule(() => {
      this.cancel = undefined;
      this.inFlight = this.beat().finally(() => {
        this.inFlight = undefined;
        if (this.running) this.arm();
      });
    }, this.intervalMs);
  }
}
