import type { AuditFinding, AuditResult } from '../audit.js';
import type { EndpointsOptions } from './options.js';

/** A server killed or started again during the story. */
export interface ServerEvent {
  /** `server-N`. */
  readonly server: string;
  readonly url: string;
  readonly event: 'killed' | 'back';
  /** ms from the start of the story. */
  readonly atMs: number;
}

/** The end of an endpoints run: what `--json` prints on its last line. */
export interface EndpointsSummary {
  readonly scenario: 'endpoints';
  /** The servers' URLs, in the nodes' order of preference (server-1 first). */
  readonly endpoints: readonly string[];
  /** Counted from the server's status history and tasks (see `auditRun`), not from the nodes' own view. */
  readonly lost: number;
  readonly duplicated: number;
  /** Times a node's calls moved to another server or to none, all nodes together (its manager's `endpointSwitched` events). */
  readonly endpointSwitches: number;
  /**
   * Calls the nodes made on each server, keyed by URL: their `vcconn_calls_total` summed by `endpoint` label (failed
   * ones, and those the server's breaker refused, included; a call's retries on one server count once).
   */
  readonly callsPerEndpoint: Readonly<Record<string, number>>;
  /** Of those, the calls each server answered with success, keyed by URL. */
  readonly answeredPerEndpoint: Readonly<Record<string, number>>;
  /** Seeded tasks the server holds as Completed, and as Failed (by their handler). */
  readonly completed: number;
  readonly failed: number;
  readonly tasks: number;
  readonly nodes: number;
  readonly seed: number;
  readonly durationMs: number;
  /** Endpoint switches per node. */
  readonly switchesPerNode: Readonly<Record<string, number>>;
  readonly serverEvents: readonly ServerEvent[];
  /** Every task was terminal on the servers before the hard cap. */
  readonly finishedInTime: boolean;
  /** How long the run took, ms, start of the servers to the audit. */
  readonly elapsedMs: number;
  readonly lostFindings: readonly AuditFinding[];
  readonly duplicatedFindings: readonly AuditFinding[];
}

/** The pieces an endpoints summary is made of. */
export interface EndpointsSummaryInput {
  readonly audit: AuditResult;
  readonly options: EndpointsOptions;
  readonly endpoints: readonly string[];
  readonly switchesPerNode: Readonly<Record<string, number>>;
  readonly callsPerEndpoint: Readonly<Record<string, number>>;
  readonly answeredPerEndpoint: Readonly<Record<string, number>>;
  readonly serverEvents: readonly ServerEvent[];
  readonly finishedInTime: boolean;
  readonly elapsedMs: number;
}

/** Puts the audit and the run's facts together. */
export function buildEndpointsSummary(input: EndpointsSummaryInput): EndpointsSummary {
  const { audit, options } = input;
  return {
    scenario: 'endpoints',
    endpoints: input.endpoints,
    lost: audit.lost,
    duplicated: audit.duplicated,
    endpointSwitches: Object.values(input.switchesPerNode).reduce((sum, n) => sum + n, 0),
    callsPerEndpoint: input.callsPerEndpoint,
    answeredPerEndpoint: input.answeredPerEndpoint,
    completed: audit.completed,
    failed: audit.failed,
    tasks: options.tasks,
    nodes: options.nodes,
    seed: options.seed,
    durationMs: options.durationMs,
    switchesPerNode: input.switchesPerNode,
    serverEvents: input.serverEvents,
    finishedInTime: input.finishedInTime,
    elapsedMs: input.elapsedMs,
    lostFindings: audit.lostTasks,
    duplicatedFindings: audit.duplicatedTasks,
  };
}

/** The run passed: nothing lost or duplicated. */
export function isCleanEndpointsRun(summary: EndpointsSummary): boolean {
  return summary.lost === 0 && summary.duplicated === 0;
}

/** The summary for people, one line each. */
export function formatEndpointsSummary(summary: EndpointsSummary): string[] {
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `Summary (endpoints, seed ${summary.seed}, ${summary.endpoints.length} servers on one database, ${summary.nodes} nodes, ${summary.tasks} tasks, `
      + `${seconds(summary.elapsedMs)})`,
    `  tasks completed   ${summary.completed}${summary.failed > 0 ? ` (+${summary.failed} failed by their handler)` : ''} of ${summary.tasks}`,
    `  lost              ${summary.lost}`,
    `  duplicated        ${summary.duplicated}`,
    `  endpoint switches ${summary.endpointSwitches} (${Object.entries(summary.switchesPerNode).map(([node, n]) => `${node} ${n}`).join(', ')})`,
    '  calls per server  (sent / answered)',
    ...summary.endpoints.map((url, i) =>
      `    server-${i + 1} ${url.padEnd(24)} ${String(summary.callsPerEndpoint[url] ?? 0).padStart(6)} / ${summary.answeredPerEndpoint[url] ?? 0}`),
    `  servers           ${summary.serverEvents.map((e) => `${e.server} ${e.event} at ${seconds(e.atMs)}`).join(', ') || 'no fault played'}`,
  ];
  if (!summary.finishedInTime) lines.push('  not every task was terminal before the hard cap');
  for (const f of summary.lostFindings.slice(0, 10)) lines.push(`  LOST ${f.name}: ${f.problem}`);
  for (const f of summary.duplicatedFindings.slice(0, 10)) lines.push(`  DUPLICATED ${f.name}: ${f.problem}`);
  lines.push(isCleanEndpointsRun(summary) ? 'Result: no task lost or duplicated.' : 'Result: FAILED (tasks lost or duplicated).');
  return lines;
}
