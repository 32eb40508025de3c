import type { AuditFinding } from '../audit.js';
import type { OfflineAuditResult, OutboxFileRecord } from './offlineAudit.js';
import type { OfflineOptions } from './options.js';

/** The worker killed with SIGKILL, and what its outbox file held right after (read from the file). */
export interface WorkerKill {
  readonly nodeId: string;
  /** ms from the start of the story. */
  readonly atMs: number;
  /** Undelivered entries in its outbox file after the kill. */
  readonly pendingInFile: number;
  /** Of those, results (final statuses or hand-backs). */
  readonly resultsInFile: number;
}

/** The end of an offline run: what `--json` prints on its last line. */
export interface OfflineSummary {
  readonly scenario: 'offline';
  /** Entries the outbox files ever took, all files together. */
  readonly queued: number;
  /** Entries the outbox files delivered. */
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly reordered: number;
  /** Worker processes started again after a SIGKILL. */
  readonly workerRestarts: number;
  /** Planned tasks the server holds as Completed, and as Failed (by their handler). */
  readonly completed: number;
  readonly failed: number;
  readonly tasks: number;
  readonly workers: number;
  readonly clients: number;
  readonly seed: number;
  readonly durationMs: number;
  readonly serverIdempotency: boolean;
  /** How long the server was down, ms. */
  readonly serverDownMs: number;
  readonly workerKill: WorkerKill | null;
  /** Every outbox was empty and every task terminal on the server before the hard cap. */
  readonly finishedInTime: boolean;
  /** How long the run took, ms, start of the server to the audit. */
  readonly elapsedMs: number;
  /** Each outbox file at the end. */
  readonly outboxes: readonly Omit<OutboxFileRecord, 'file'>[];
  readonly lostFindings: readonly AuditFinding[];
  readonly duplicatedFindings: readonly AuditFinding[];
  readonly reorderedFindings: readonly AuditFinding[];
}

/** The pieces an offline summary is made of. */
export interface OfflineSummaryInput {
  readonly audit: OfflineAuditResult;
  readonly options: OfflineOptions;
  readonly workerRestarts: number;
  readonly kill: WorkerKill | null;
  readonly serverDownMs: number;
  readonly finishedInTime: boolean;
  readonly elapsedMs: number;
  readonly outboxes: readonly OutboxFileRecord[];
}

/** Puts the audit and the run's facts together. */
export function buildOfflineSummary(input: OfflineSummaryInput): OfflineSummary {
  const { audit, options } = input;
  return {
    scenario: 'offline',
    queued: audit.queued,
    delivered: audit.delivered,
    lost: audit.lost,
    duplicated: audit.duplicated,
    reordered: audit.reordered,
    workerRestarts: input.workerRestarts,
    completed: audit.completed,
    failed: audit.failed,
    tasks: options.tasks,
    workers: options.workers,
    clients: options.clients,
    seed: options.seed,
    durationMs: options.durationMs,
    serverIdempotency: options.idempotency,
    serverDownMs: input.serverDownMs,
    workerKill: input.kill,
    finishedInTime: input.finishedInTime,
    elapsedMs: input.elapsedMs,
    outboxes: input.outboxes.map(({ owner, queued, delivered, pending, deadLettered }) => ({ owner, queued, delivered, pending, deadLettered })),
    lostFindings: audit.lostFindings,
    duplicatedFindings: audit.duplicatedFindings,
    reorderedFindings: audit.reorderedFindings,
  };
}

/** The run passed: nothing lost, duplicated or reordered. */
export function isCleanOfflineRun(summary: OfflineSummary): boolean {
  return summary.lost === 0 && summary.duplicated === 0 && summary.reordered === 0;
}

/** The summary for people, one line each. */
export function formatOfflineSummary(summary: OfflineSummary): string[] {
  const kill = summary.workerKill;
  const lines = [
    `Summary (offline, seed ${summary.seed}, ${summary.workers} workers, ${summary.clients} desktop clients, ${summary.tasks} tasks, `
      + `${(summary.elapsedMs / 1000).toFixed(1)} s${summary.serverIdempotency ? '' : ', server ignoring Idempotency-Key as the .NET one'})`,
    `  tasks completed   ${summary.completed}${summary.failed > 0 ? ` (+${summary.failed} failed by their handler)` : ''} of ${summary.tasks}`,
    `  outbox entries    ${summary.queued} queued, ${summary.delivered} delivered`,
    `  lost              ${summary.lost}`,
    `  duplicated        ${summary.duplicated}`,
    `  reordered         ${summary.reordered}`,
    `  server down       ${(summary.serverDownMs / 1000).toFixed(1)} s`,
    kill === null
      ? '  worker restarts   0 (no worker was killed)'
      : `  worker restarts   ${summary.workerRestarts} (${kill.nodeId} killed at ${(kill.atMs / 1000).toFixed(1)} s holding ${kill.pendingInFile} entr(ies), ${kill.resultsInFile} result(s))`,
    ...summary.outboxes.map((o) => `    ${o.owner.padEnd(10)} queued ${o.queued}, delivered ${o.delivered}, pending ${o.pending}, dead letters ${o.deadLettered}`),
  ];
  if (!summary.finishedInTime) lines.push('  not everything drained before the hard cap');
  for (const f of summary.lostFindings.slice(0, 10)) lines.push(`  LOST ${f.name}: ${f.problem}`);
  for (const f of summary.duplicatedFindings.slice(0, 10)) lines.push(`  DUPLICATED ${f.name}: ${f.problem}`);
  for (const f of summary.reorderedFindings.slice(0, 10)) lines.push(`  REORDERED ${f.name}: ${f.problem}`);
  lines.push(isCleanOfflineRun(summary) ? 'Result: nothing lost, duplicated or reordered.' : 'Result: FAILED (entries lost, duplicated or reordered).');
  return lines;
}
