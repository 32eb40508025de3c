import type { NodeView } from './demoNode.js';
import { stamp } from './plainLog.js';
import type { DemoReporter, RunView } from './reporter.js';
import { fitKeepingUrls, rowsOf } from './terminalText.js';
import { describeFault } from './timeline.js';

export { fit } from './terminalText.js';

const ESC = '\u001b[';
const RESET = `${ESC}0m`;
const COLOR = { green: `${ESC}32m`, yellow: `${ESC}33m`, red: `${ESC}31m`, dim: `${ESC}2m`, bold: `${ESC}1m`, cyan: `${ESC}36m` } as const;
type Color = keyof typeof COLOR;

const LINK_COLORS: Readonly<Record<string, Color>> = { healthy: 'green', degraded: 'yellow', recovering: 'red', offline: 'red' };
const BREAKER_COLORS: Readonly<Record<string, Color>> = { closed: 'green', halfOpen: 'yellow', open: 'red', isolated: 'red', none: 'dim' };
const NOTES_KEPT = 8;
/** Marks the node that has auto-recovery off, next to its id. */
const RIDER_MARK = '*';
const BAR_WIDTH = 40;

/** Options of the {@link AnsiDashboard}. */
export interface AnsiDashboardOptions {
  /** Terminal width; lines are cut to it so a redraw never wraps, but for a line showing a URL. Default 100. */
  readonly columns?: number;
  /** Redraw period, ms. Default 250. */
  readonly frameMs?: number;
}

/**
 * The live terminal dashboard: a header with the phase and the run's progress bar, the visualizer and metrics
 * URLs each on a line of its own, a row per node (client type, link state, breaker state, last health, response
 * time, tasks done, retries) and the latest events. Plain ANSI: each frame moves the cursor back up over the
 * previous one and writes over it. Lines are cut to the terminal's width, but a line showing a URL is never cut:
 * it wraps, and the redraw counts the rows it took.
 */
export class AnsiDashboard implements DemoReporter {
  private readonly notes: string[] = [];
  private readonly columns: number;
  private view: RunView | null = null;
  private drawnLines = 0;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly write: (text: string) => void, options: AnsiDashboardOptions = {}) {
    this.columns = Math.max(40, options.columns ?? 100);
    this.write(`${ESC}?25l`);
    this.timer = setInterval(() => this.draw(), options.frameMs ?? 250);
  }

  note(text: string, elapsedMs: number): void {
    this.notes.push(`${stamp(elapsedMs)} ${text}`);
    if (this.notes.length > NOTES_KEPT) this.notes.shift();
  }

  update(view: RunView): void {
    this.view = view;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.draw();
    this.write(`${ESC}?25h`);
  }

  private draw(): void {
    if (this.view === null) return;
    const lines = renderFrame(this.view, this.notes).map((line) => fitKeepingUrls(line, this.columns));
    const up = this.drawnLines > 0 ? `${ESC}${this.drawnLines}F` : '';
    this.write(`${up}${ESC}J${lines.join('\n')}\n`);
    this.drawnLines = lines.reduce((rows, line) => rows + rowsOf(line, this.columns), 0);
  }
}

/** The lines of one frame (with colors). */
export function renderFrame(view: RunView, notes: readonly string[]): string[] {
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  const done = view.tasksTotal === 0 ? 1 : view.tasksDone / view.tasksTotal;
  const filled = Math.round(done * BAR_WIDTH);
  const bar = `${paint('green', '█'.repeat(filled))}${paint('dim', '░'.repeat(BAR_WIDTH - filled))}`;
  const phase = view.stage === 'finishing' ? 'finishing: waiting for the last tasks' : view.phase.label;
  const detail = view.stage === 'running' && view.phase.fault !== null ? paint('dim', ` (${describeFault(view.phase.fault)})`) : '';
  const server = paint(view.server === 'up' ? 'green' : 'red', view.server);
  // Each URL on a line of its own, so that the width cuts no other text to make room for it.
  const links = [['visualizer', view.visualizerUrl], ['metrics', view.metricsUrl]] as const;
  return [
    `${paint('bold', 'vcconn demo')}  seed ${view.seed}  ${view.nodes.length} nodes  ${seconds(view.elapsedMs)} s / ${seconds(view.durationMs)} s`,
    ...links.flatMap(([name, url]) => (url === undefined ? [] : [`${`${name}:`.padEnd(12)}${paint('cyan', url)}`])),
    // The server's state before the phase: the fault's details are long, and only they may be cut at the width.
    `server: ${server}  phase: ${paint(view.phase.fault === null ? 'cyan' : 'yellow', phase)}${detail}`,
    `${bar} ${view.tasksDone}/${view.tasksTotal} tasks (${Math.floor(done * 100)}%)`,
    '',
    paint('dim', `${'node'.padEnd(8)} ${'client'.padEnd(9)} ${'link'.padEnd(11)} ${'breaker'.padEnd(9)} ${'health'.padEnd(12)} ${'resp'.padStart(7)} ${'done'.padStart(5)} ${'retries'.padStart(8)}`),
    ...view.nodes.map(nodeRow),
    // A mark and a legend rather than words at the end of the row, which 80 columns would cut.
    ...(view.nodes.some((node) => !node.autoRecovery) ? [paint('dim', `${RIDER_MARK} auto-recovery off: rides faults out on its circuit breaker`)] : []),
    '',
    paint('dim', 'recent events:'),
    ...notes.map((note) => `  ${note}`),
  ];
}

function nodeRow(node: NodeView): string {
  const health = node.lastHealth;
  const healthText = health === null ? 'not checked' : health.isHealthy ? 'ok' : 'failed';
  const response = health === null ? '-' : `${Math.round(health.responseTimeMs)} ms`;
  return [
    `${node.id}${node.autoRecovery ? '' : RIDER_MARK}`.padEnd(8),
    node.clientType.padEnd(9),
    paint(LINK_COLORS[node.link] ?? 'dim', node.link.padEnd(11)),
    paint(BREAKER_COLORS[node.breaker] ?? 'dim', node.breaker.padEnd(9)),
    paint(health === null ? 'dim' : health.isHealthy ? 'green' : 'red', healthText.padEnd(12)),
    response.padStart(7),
    String(node.tasksDone).padStart(5),
    String(node.retries).padStart(8),
  ].join(' ');
}

function paint(color: Color, text: string): string {
  return `${COLOR[color]}${text}${RESET}`;
}
