import type { AuditFinding, AuditResult } from './audit.js';
import type { FaultProxyCounters } from './faultProxy.js';
import type { FaultRecovery } from './recoveryTracker.js';
import { describeFault, type Fault } from './timeline.js';

/** The end of a run: what `--json` prints on its last line. */
export interface DemoSummary {
  readonly completed: number;
  readonly failed: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly retries: number;
  readonly breakerOpenings: number;
  readonly failovers: number;
  /** Time to recover after each fault, by fault kind: ms, or null when the nodes had not recovered in time. */
  readonly recoveryMs: Partial<Record<Fault['kind'], number | null>>;
  readonly faults: readonly FaultRecovery[];
  readonly tasks: number;
  readonly nodes: number;
  readonly seed: number;
  readonly durationMs: number;
  /** The server honoured Idempotency-Key; false for a `--no-idempotency` run (a server that acts as the .NET one). */
  readonly serverIdempotency: boolean;
  /** How long the run took, seeding to audit. */
  readonly elapsedMs: number;
  /** Every task was terminal on the server before the hard cap. */
  readonly finishedInTime: boolean;
  readonly proxy: FaultProxyCounters;
  readonly lostTasks: readonly AuditFinding[];
  readonly duplicatedTasks: readonly AuditFinding[];
}

/** The pieces a summary is made of. */
export interface SummaryInput {
  readonly audit: AuditResult;
  readonly recoveries: readonly FaultRecovery[];
  readonly nodes: readonly { readonly retries: number; readonly breakerOpenings: number; readonly failovers: number }[];
  readonly tasks: number;
  readonly seed: number;
  readonly durationMs: number;
  readonly serverIdempotency: boolean;
  readonly elapsedMs: number;
  readonly finishedInTime: boolean;
  readonly proxy: FaultProxyCounters;
}

/** Adds the nodes' counters up and puts the audit and the recoveries together. */
export function buildSummary(input: SummaryInput): DemoSummary {
  const sum = (key: 'retries' | 'breakerOpenings' | 'failovers'): number => input.nodes.reduce((total, node) => total + node[key], 0);
  const recoveryMs: Partial<Record<Fault['kind'], number | null>> = {};
  for (const fault of input.recoveries) recoveryMs[fault.kind] = fault.recoveryMs;
  const { audit } = input;
  return {
    completed: audit.completed,
    failed: audit.failed,
    lost: audit.lost,
    duplicated: audit.duplicated,
    retries: sum('retries'),
    breakerOpenings: sum('breakerOpenings'),
    failovers: sum('failovers'),
    recoveryMs,
    faults: input.recoveries,
    tasks: input.tasks,
    nodes: input.nodes.length,
    seed: input.seed,
    durationMs: input.durationMs,
    serverIdempotency: input.serverIdempotency,
    elapsedMs: input.elapsedMs,
    finishedInTime: input.finishedInTime,
    proxy: input.proxy,
    lostTasks: audit.lostTasks,
    duplicatedTasks: audit.duplicatedTasks,
  };
}

/** The run passed: no task lost, none duplicated. */
export function isCleanRun(summary: DemoSummary): boolean {
  return summary.lost === 0 && summary.duplicated === 0;
}

/** The summary for people, one line each. */
export function formatSummary(summary: DemoSummary): string[] {
  const { proxy } = summary;
  const injected = Object.entries(proxy.injected).map(([status, count]) => `${count}x${status}`).join(' ') || 'none';
  const lines = [
    `Summary (seed ${summary.seed}, ${summary.nodes} nodes, ${summary.tasks} tasks, ${seconds(summary.elapsedMs)} s`
      + `${summary.serverIdempotency ? '' : ', server ignoring Idempotency-Key as the .NET one'})`,
    `  tasks completed   ${summary.completed}${summary.failed > 0 ? ` (+${summary.failed} failed by their handler)` : ''} of ${summary.tasks}`,
    `  lost              ${summary.lost}`,
    `  duplicated        ${summary.duplicated}`,
    `  retries           ${summary.retries}`,
    `  breaker openings  ${summary.breakerOpenings}`,
    `  failovers         ${summary.failovers}`,
    '  after each fault, the time until every node\'s link was healthy again:',
    // The fault's own figures first, the recovery after the colon: a figure next to the label read as the fault's.
    ...summary.faults.map((f, i) => `    ${f.label} (${describeFault(f.fault)}): ${recoveryText(f.recoveryMs, i === summary.faults.length - 1)}`),
    `  proxy: ${proxy.forwarded} forwarded, injected ${injected}, ${count(proxy.lostAnswers, 'answer')} lost after the server applied them, `
      + `${count(proxy.unreachable, 'request')} dropped while the server was down, ${count(proxy.delayed, 'answer')} delayed`,
  ];
  if (!summary.finishedInTime) lines.push('  not every task was terminal on the server before the hard cap');
  for (const finding of summary.lostTasks.slice(0, 10)) lines.push(`  LOST ${finding.name}: ${finding.problem}`);
  for (const finding of summary.duplicatedTasks.slice(0, 10)) lines.push(`  DUPLICATED ${finding.name}: ${finding.problem}`);
  lines.push(isCleanRun(summary) ? 'Result: no task lost, none duplicated.' : 'Result: FAILED (tasks lost or duplicated).');
  return lines;
}

function recoveryText(recoveryMs: number | null, last: boolean): string {
  if (recoveryMs === 0) return 'every node was healthy when it ended';
  if (recoveryMs !== null) return `${recoveryMs} ms after it ended`;
  return last ? 'not healthy again before the run ended' : 'not healthy again before the next fault began';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
