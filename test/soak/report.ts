import type { SoakResult } from './soak.js';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const pct = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(2)} %`;
const kinds = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none';

/** The run as plain lines for a person: memory verdict first, then handles, requests and faults. */
export function formatReport(result: SoakResult, passed: boolean): string {
  const { memory, requests, flapping, handles } = result;
  return [
    `soak ${passed ? 'PASSED' : 'FAILED'} after ${result.durationSeconds.toFixed(0)} s (gc forced before each sample: ${result.gcForced})`,
    `warm-up: first ${memory.warmUpSeconds.toFixed(0)} s; medians of ${memory.baseline.samples} samples after warm-up vs the last ${memory.final.samples}`,
    `rss  ${mib(memory.baseline.rss)} -> ${mib(memory.final.rss)} (${pct(memory.rssGrowth)}, limit ${pct(memory.limit)})`,
    `heap ${mib(memory.baseline.heapUsed)} -> ${mib(memory.final.heapUsed)} (${pct(memory.heapGrowth)})`,
    `handles after warm-up: ${kinds(handles.afterWarmUp)}`,
    `handles at end of load: ${kinds(handles.endOfLoad)}`,
    `handles after dispose: ${kinds(handles.afterDispose)}`,
    `requests ${requests.total}: ok ${requests.ok}, failed ${requests.failed}`,
    `failed by kind: ${kinds(Object.fromEntries(Object.entries(requests.byKind).filter(([kind]) => kind !== 'ok')))}`,
    `flapping: ${flapping.steps} steps, ${flapping.kills} kills, ${flapping.restarts} restarts`,
    `untyped failures: ${result.untypedFailures}; unhandled rejections: ${result.unhandled.length}${result.unhandled.length > 0 ? ` (${result.unhandled.slice(0, 3).join(' | ')})` : ''}`,
  ].join('\n');
}
