import type { BenchResults } from './summary.js';
import { renderOutboxTable } from './outbox/result.js';
import { renderTable as render } from './textTable.js';
import { throughputTables } from './throughput/report.js';

/** The readable report: one table per section that ran. */
export function renderTables(results: BenchResults): string {
  const parts: string[] = [];
  if (results.throughputBySize !== undefined) parts.push(...throughputTables(results.throughputBySize, results.throughputAnswerBytes ?? {}));
  if (results.failFast !== undefined) {
    parts.push('Fail-fast: calls refused by an open circuit');
    parts.push(render(['variant', 'rejections/s'], Object.entries(results.failFast).map(([name, rate]) => [name, rate])));
  }
  if (results.endpoints !== undefined) {
    const e = results.endpoints;
    parts.push('Endpoint selection: sequential getTasks, one EnhancedApiClient vs a MultiEndpointClient of three (goal: <= 2 %)');
    parts.push(render(
      ['single µs/call', 'multi µs/call', 'overhead %', 'selection alone µs/call', 'hedge off µs/call', 'hedge on µs/call'],
      [[e.singleUsPerCall, e.multiUsPerCall, e.overheadPct, e.selectionUsPerCall, e.hedgeOffSelectionUsPerCall, e.hedgeOnSelectionUsPerCall]],
    ));
  }
  if (results.herd !== undefined) {
    parts.push('Herd: 1,000 simulated Enhanced clients, server down then back (requests per simulated second)');
    parts.push(render(['variant', 'steady/s', 'peak/s', 'peak at s', 'peak/steady', 'back to steady s', 'sent while down', 'sent after', 'total sent', 'calls refused'],
      results.herd.map((r) => [r.variant, r.steadyPerSec.toFixed(0), r.peakPerSec, r.peakAtSec, r.peakOverSteady.toFixed(3),
        r.backToSteadySec ?? 'never', r.requestsDuringOutage, r.requestsAfterRecovery, r.totalRequests, r.calls.refusedByBreaker])));
  }
  if (results.recovery !== undefined) {
    parts.push('Recovery: server process killed, restarted; ConnectionManager back to healthy (ms after the server listens)');
    parts.push(render(['scenario', 'break ms', 'probe every ms', 'down ms', 'detect ms', 'health seen ms', 'healthy ms', 'links'],
      results.recovery.map((r) => [r.name, r.breakDurationMs, r.degradedHealthCheckIntervalMs, r.downMs, r.detectMs,
        r.healthSeenMs ?? 'stale', r.recoveryMs ?? 'timeout', r.links.join('>')])));
  }
  if (results.memory !== undefined) {
    parts.push('Memory: heap per ConnectionManager (gc before and after; every tenth made one call)');
    parts.push(render(['managers', 'KB each', 'left after dispose KB', 'create ms', 'call errors', 'rss MB'],
      results.memory.map((r) => [r.managers, r.heapPerManagerKB, r.residualAfterDisposeKB, r.createMs, r.callErrors, r.rssMB])));
  }
  if (results.outbox !== undefined) parts.push(renderOutboxTable(results.outbox));
  return parts.join('\n\n');
}
