import type { Fault, TimelinePhase } from './timeline.js';

/** How long the nodes took to be healthy again after one fault. */
export interface FaultRecovery {
  readonly kind: Fault['kind'];
  readonly label: string;
  /** The fault as it was played, with its figures (share of requests, statuses, delays, Retry-After). */
  readonly fault: Fault;
  /** When the fault ended, ms from the start of the run. */
  readonly endedAtMs: number;
  /**
   * From the end of the fault to the first moment every node's link was healthy, ms (0 when they all were at
   * its end); null when that moment had not come when the next fault began or the run ended.
   */
  readonly recoveryMs: number | null;
}

/**
 * Measures the time to recover after each fault. Tell it when a fault ends and whenever a node's link changes;
 * it stamps the first moment every link is healthy again. The clock and the health check are injected.
 */
export class RecoveryTracker {
  private readonly done: FaultRecovery[] = [];
  private waiting: { readonly phase: TimelinePhase; readonly endedAt: number } | null = null;

  /**
   * @param now the run's clock, ms from its start
   * @param allHealthy whether every node's link is healthy now
   */
  constructor(private readonly now: () => number, private readonly allHealthy: () => boolean) {}

  /** A fault's phase just ended: recovery is timed from now. A recovery still being waited for is closed as not reached. */
  faultEnded(phase: TimelinePhase): void {
    if (phase.fault === null) return;
    this.giveUp();
    this.waiting = { phase, endedAt: this.now() };
    this.linkChanged();
  }

  /** A fault's phase begins: the previous fault's recovery, if still awaited, was not reached in time. */
  faultStarted(): void {
    this.giveUp();
  }

  /** Call on every link change of any node (and whenever health may have changed). */
  linkChanged(): void {
    if (this.waiting === null || !this.allHealthy()) return;
    const { phase, endedAt } = this.waiting;
    this.waiting = null;
    this.done.push({ ...this.closed(phase, endedAt), recoveryMs: Math.max(0, this.now() - endedAt) });
  }

  /** True while the nodes have not yet recovered from the last fault. */
  get pending(): boolean {
    return this.waiting !== null;
  }

  /** Every fault that ended, in order; one not recovered from yet counts as not reached. */
  results(): FaultRecovery[] {
    const open = this.waiting === null ? [] : [{ ...this.closed(this.waiting.phase, this.waiting.endedAt) }];
    return [...this.done, ...open];
  }

  private giveUp(): void {
    if (this.waiting === null) return;
    this.done.push(this.closed(this.waiting.phase, this.waiting.endedAt));
    this.waiting = null;
  }

  private closed(phase: TimelinePhase, endedAt: number): FaultRecovery {
    const fault = faultOf(phase);
    return { kind: fault.kind, label: phase.label, fault, endedAtMs: endedAt, recoveryMs: null };
  }
}

function faultOf(phase: TimelinePhase): Fault {
  if (phase.fault === null) throw new RangeError(`Phase ${phase.label} has no fault`);
  return phase.fault;
}
