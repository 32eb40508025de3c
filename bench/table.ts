import type { BenchResults } from './summary.js';

/** Left-aligned first column, right-aligned others, two spaces apart. */
function render(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '))
    .join('\n');
}

/** The readable report: one table per section that ran. */
export function renderTables(results: BenchResults): string {
  const parts: string[] = [];
  if (results.throughput !== undefined) {
    for (const [concurrency, byVariant] of Object.entries(results.throughput)) {
      parts.push(`Throughput, GET api/tasks, concurrency ${concurrency} (medians of interleaved rounds)`);
      parts.push(render(['variant', 'ops/s', 'x raw axios', 'p50 ms', 'p99 ms', 'errors'],
        Object.entries(byVariant).map(([name, r]) => [name, r.opsPerSec, r.vsRawAxios.toFixed(3), r.p50Ms.toFixed(3), r.p99Ms.toFixed(3), r.errors])));
    }
  }
  if (results.failFast !== undefined) {
    parts.push('Fail-fast: calls refused by an open circuit');
    parts.push(render(['variant', 'rejections/s'], Object.entries(results.failFast).map(([name, rate]) => [name, rate])));
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
  return parts.join('\n\n');
}
