/** The throughput section of the readable report: one table per answer size and concurrency, then the goals. */
import { renderTable } from '../textTable.js';
import { enhancedVsRawAxiosTarget, managerVsEnhancedTolerance } from './goals.js';
import { enhancedVerdicts, enhancedVsRawAxiosBySize, managerVerdicts, managerVsEnhancedBySize } from './sizeSummary.js';
import type { ThroughputBySize } from './summarise.js';

/** The tables, each preceded by its title, as report parts. `answerBytes` is by size, as `bySize`. */
export function throughputTables(bySize: ThroughputBySize, answerBytes: Readonly<Record<string, number>>): string[] {
  const parts: string[] = [];
  for (const [size, byConcurrency] of Object.entries(bySize)) {
    for (const [concurrency, byVariant] of Object.entries(byConcurrency)) {
      parts.push(`Throughput, GET api/tasks answering ${size} tasks${bytesNote(answerBytes[size])}, concurrency ${concurrency} (medians of interleaved rounds)`);
      parts.push(renderTable(['variant', 'ops/s', 'x raw axios', 'p50 ms', 'p99 ms', 'errors'],
        Object.entries(byVariant).map(([name, r]) => [name, r.opsPerSec, r.vsRawAxios.toFixed(3), r.p50Ms.toFixed(3), r.p99Ms.toFixed(3), r.errors])));
    }
  }
  parts.push('Throughput goals by answer size (ratios within each round, median over rounds; reported, never failing the bench)');
  parts.push(goalTable(bySize, answerBytes));
  return parts;
}

function goalTable(bySize: ThroughputBySize, answerBytes: Readonly<Record<string, number>>): string {
  const enhanced = enhancedVerdicts(enhancedVsRawAxiosBySize(bySize));
  const manager = managerVerdicts(managerVsEnhancedBySize(bySize));
  const managerGoal = `${(1 - managerVsEnhancedTolerance).toFixed(2)}..${(1 + managerVsEnhancedTolerance).toFixed(2)}`;
  return renderTable(
    ['tasks', 'bytes', 'concurrency', 'enhanced x raw axios', 'goal', 'met', 'manager / enhanced', 'goal', 'met'],
    enhanced.map((verdict) => {
      const facade = manager.find((other) => other.size === verdict.size && other.concurrency === verdict.concurrency);
      return [
        verdict.size, answerBytes[verdict.size] ?? '?', verdict.concurrency.replace(/^c/, ''),
        verdict.ratio.toFixed(3), `>= ${enhancedVsRawAxiosTarget(Number(verdict.size)).toFixed(2)}`, metText(verdict.met),
        facade === undefined ? '?' : facade.ratio.toFixed(3), managerGoal, facade === undefined ? '?' : metText(facade.met),
      ];
    }),
  );
}

function bytesNote(bytes: number | undefined): string {
  return bytes === undefined ? '' : ` (${bytes.toLocaleString('en-US')} bytes)`;
}

function metText(met: boolean): string {
  return met ? 'met' : 'NOT met';
}
