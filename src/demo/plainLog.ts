import type { DemoReporter, RunView } from './reporter.js';

/** Stamp of a log line: seconds into the run. */
export function stamp(elapsedMs: number): string {
  return `[${(elapsedMs / 1000).toFixed(1).padStart(6)}s]`;
}

/**
 * The reporter when stdout is not a terminal: one line per event of note, plus a progress line each time another
 * tenth of the tasks is done. Nothing is redrawn, so the output reads well in a file or a CI log.
 */
export class PlainLog implements DemoReporter {
  private lastTenth = 0;

  constructor(private readonly write: (text: string) => void) {}

  note(text: string, elapsedMs: number): void {
    this.write(`${stamp(elapsedMs)} ${text}\n`);
  }

  update(view: RunView): void {
    const tenth = view.tasksTotal === 0 ? 10 : Math.floor((view.tasksDone * 10) / view.tasksTotal);
    if (tenth <= this.lastTenth) return;
    this.lastTenth = tenth;
    const links = view.nodes.map((n) => `${n.id}=${n.link}`).join(' ');
    this.note(`progress: ${view.tasksDone}/${view.tasksTotal} tasks done (${view.phase.label}; ${links})`, view.elapsedMs);
  }

  close(): void {
    // Nothing is held: every line is already written.
  }
}
