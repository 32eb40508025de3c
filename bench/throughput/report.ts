/** The throughput section of the readable report: one table per answer size and concurrency. */
import { renderTable } from '../textTable.js';
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
  return parts;
}

function bytesNote(bytes: number | undefined): string {
  return bytes === undefined ? '' : ` (${bytes.toLocaleString('en-US')} bytes)`;
}
