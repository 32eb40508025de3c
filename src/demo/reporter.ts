import type { NodeView } from './demoNode.js';
import type { TimelinePhase } from './timeline.js';

/** What the run looks like now. */
export interface RunView {
  readonly seed: number;
  readonly elapsedMs: number;
  readonly durationMs: number;
  readonly phase: TimelinePhase;
  /** After the timeline: waiting for the last tasks, then auditing. */
  readonly stage: 'running' | 'finishing';
  readonly server: 'up' | 'down' | 'restarting';
  readonly tasksTotal: number;
  /** Tasks whose final status a node delivered. */
  readonly tasksDone: number;
  readonly nodes: readonly NodeView[];
  /** The visualizer page showing the run, when there is one. */
  readonly visualizerUrl?: string;
  /** The nodes' Prometheus `/metrics`, when served. */
  readonly metricsUrl?: string;
}

/** How a run shows itself while it plays: the terminal dashboard, or plain log lines. */
export interface DemoReporter {
  /** An event of note (a phase begins, a link changes, a breaker opens, the server is killed). */
  note(text: string, elapsedMs: number): void;
  /** The run now; called often (a dashboard redraws from the latest). */
  update(view: RunView): void;
  /** Stops drawing; the last frame stays on screen. */
  close(): void;
}
