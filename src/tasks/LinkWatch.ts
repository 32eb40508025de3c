import { backoffDelay } from './backoff.js';
import type { DeliveryBackoff } from './backoff.js';
import { InferredLink } from './InferredLink.js';
import { describeError, isLinkFailure } from './linkFailure.js';
import type { LinkStatus } from '../api/LinkStatus.js';
import type { OwnedTimers } from './TaskTimers.js';

/** What a {@link LinkWatch} needs from its service. */
export interface LinkWatchDeps {
  /** One health probe; true when the server answered (the service's `testConnection`, cut short on dispose). */
  probe: () => Promise<boolean>;
  timers: OwnedTimers;
  backoff: DeliveryBackoff;
  onDown: (reason: string) => void;
  onUp: () => void;
}

/**
 * The service's view of the link: a host's {@link LinkStatus} when given one, else an {@link InferredLink} moved by
 * the outcome of every call the service makes. Reports each change once through `onDown`/`onUp`.
 */
export class LinkWatch {
  /** True when the link state comes from the host rather than from this service's own calls. */
  readonly external: boolean;
  private readonly status: LinkStatus;
  private readonly inferred: InferredLink | undefined;
  private readonly unsubscribe: () => void;
  private lastFailure = 'the link status reported the link down';
  private probeFailures = 0;

  constructor(external: LinkStatus | undefined, private readonly deps: LinkWatchDeps) {
    this.external = external !== undefined;
    this.inferred = external === undefined ? new InferredLink() : undefined;
    this.status = external ?? (this.inferred as InferredLink);
    this.unsubscribe = this.status.onChange((up) => {
      if (up) {
        this.probeFailures = 0;
        deps.onUp();
      } else {
        deps.onDown(this.lastFailure);
      }
    });
  }

  isUp(): boolean {
    return this.status.isUp();
  }

  /** Feeds a call's outcome to the inferred link: a success marks it up, a link failure down. */
  record(outcome: { ok: true } | { ok: false; error: unknown }): void {
    if (outcome.ok) {
      this.inferred?.markUp();
    } else if (isLinkFailure(outcome.error)) {
      this.lastFailure = describeError(outcome.error);
      this.inferred?.markDown();
    }
  }

  /**
   * Resolves once the link is up or `signal` aborts. A host's link is awaited (its owner probes it); an
   * inferred one is probed here with `testConnection`, backing off between probes.
   */
  async waitUntilUp(signal: AbortSignal): Promise<void> {
    if (this.inferred === undefined) {
      await this.waitForChange(signal);
      return;
    }
    while (!this.isUp() && !signal.aborted) {
      this.probeFailures += 1;
      if (!(await this.deps.timers.sleep(backoffDelay(this.probeFailures, this.deps.backoff), signal))) return;
      if (await this.deps.probe()) this.inferred.markUp();
    }
  }

  /** Stops listening to the link status. */
  dispose(): void {
    this.unsubscribe();
  }

  private waitForChange(signal: AbortSignal): Promise<void> {
    if (this.isUp() || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        stopListening();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const stopListening = this.status.onChange((up) => {
        if (up) done();
      });
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
