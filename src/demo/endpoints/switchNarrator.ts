import type { SwitchCause } from './switchCause.js';

/** What the narrator knows of the servers. */
export interface FleetView {
  /** `server-N` for a URL (null: "no server"). */
  nameOf(url: string | null): string;
  /** True while the server at `url` is down (killed and not started again). */
  isDown(url: string): boolean;
}

/** One switch of one node's selection, with its cause. */
export interface NodeSwitch {
  readonly nodeId: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly cause: SwitchCause;
}

/**
 * Tells the nodes' endpoint switches as log lines, one per switch, each saying from, to and why. A trial call to
 * a server still down (its breaker half-open, the selection tries it again) is two switches, there and back at
 * once: they are held and told as ONE line when the node moves away again ("trial call to server-1 failed"), so a
 * down server does not fill the log. A trial held when the server comes back is told then as an ordinary switch.
 */
export class SwitchNarrator {
  /** Per node: a switch to a server that was down, waiting for its outcome. */
  private readonly trials = new Map<string, NodeSwitch>();

  constructor(private readonly fleet: FleetView, private readonly holdDownSeconds: number) {}

  /** The lines for a switch (none while a trial is held). */
  switched(change: NodeSwitch): string[] {
    const trial = this.trials.get(change.nodeId);
    this.trials.delete(change.nodeId);
    if (trial !== undefined && change.from === trial.to) return [this.trialFailed(trial, change)];
    const held = trial === undefined ? [] : [this.line(trial)];
    if (change.to !== null && this.fleet.isDown(change.to)) {
      this.trials.set(change.nodeId, change);
      return held;
    }
    return [...held, this.line(change)];
  }

  /** `url` listens again: the trials held for it are told as ordinary switches (the node may well stay there). */
  serverBack(url: string): string[] {
    const lines: string[] = [];
    for (const [nodeId, trial] of this.trials) {
      if (trial.to !== url) continue;
      this.trials.delete(nodeId);
      lines.push(this.line(trial));
    }
    return lines;
  }

  /** The trials still held (at the end of a run): told as ordinary switches. */
  flush(): string[] {
    const lines = [...this.trials.values()].map((trial) => this.line(trial));
    this.trials.clear();
    return lines;
  }

  private line({ nodeId, from, to, cause }: NodeSwitch): string {
    const why = this.why(cause, to);
    if (to === null) return `${nodeId}: no server available (every breaker open or health check failing), calls fail fast${why === '' ? '' : `: ${why}`}`;
    return `${nodeId}: calls now go to ${this.fleet.nameOf(to)} (were on ${this.fleet.nameOf(from)})${why === '' ? '' : `: ${why}`}`;
  }

  private trialFailed(trial: NodeSwitch, back: NodeSwitch): string {
    const nameOf = (url: string | null): string => this.fleet.nameOf(url);
    const stay = back.to === trial.from ? `calls stay on ${nameOf(back.to)}` : `calls now go to ${nameOf(back.to)}`;
    const tried = this.why(trial.cause, trial.to);
    return `${trial.nodeId}: trial call to ${nameOf(trial.to)} failed (still down${tried === '' ? '' : `; tried as ${tried}`}), ${stay}`;
  }

  private why(cause: SwitchCause, to: string | null): string {
    const nameOf = (url: string | null): string => this.fleet.nameOf(url);
    switch (cause.kind) {
      case 'breakerOpened': return `${nameOf(cause.url)}'s breaker opened (its calls failed)`;
      case 'breakerAdmits': return `${nameOf(cause.url)}'s breaker lets calls through again (half-open)`;
      case 'unhealthy': return `${nameOf(cause.url)} failed its health check`;
      case 'healthy': return `${nameOf(cause.url)} passed its health check`;
      case 'holdDownPassed': return `${nameOf(to)} stayed available through the ${this.holdDownSeconds} s hold-down`;
      case 'other': return '';
    }
  }
}
